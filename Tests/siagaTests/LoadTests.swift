import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import SiagaServer
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A sustained mixed load on the real server: calls, incidents worked to completion, live consoles. Bounded for
/// CI (`SIAGA_LOAD_SECONDS`, 20 by default).
@Suite("Load", .serialized)
struct LoadTests {
    static var seconds: Int { Int(ProcessInfo.processInfo.environment["SIAGA_LOAD_SECONDS"] ?? "") ?? 20 }

    final class Tally: Sendable {
        let requests = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let received = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        func fail(_ what: String) { failures.withLock { if $0.count < 20 { $0.append(what) } } }
    }

    static func send(_ method: String, _ path: String, port: Int, token: String, json: String?, tally: Tally) async
        -> [String: Any]?
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 10)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        tally.requests.add(1, ordering: .relaxed)
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status)
        else {
            tally.fail("\(method) \(path)")
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// One call taker's work: mostly non-emergency calls, now and then a fire worked by Damkar to completion.
    static func operatorLoop(port: Int, token: String, tally: Tally, seed: Int) async {
        var serial = seed * 1_000_000
        while !tally.stop.load(ordering: .relaxed) {
            serial += 1
            let number = "0857" + String(format: "%08d", serial % 100_000_000)
            _ = await send(
                "POST", "/api/v1/calls", port: port, token: token,
                json: #"{"regionCode":"35.15","channel":"voice112","callerNumber":"\#(number)","disposition":"prank"}"#,
                tally: tally)
            guard serial % 5 == 0 else { continue }
            guard
                let created = await send(
                    "POST", "/api/v1/incidents", port: port, token: token,
                    json:
                        #"{"regionCode":"35.15","category":"kebakaran","subcategory":"rumah","description":"Beban \#(serial)","location":{"address":"Jl. Uji","kecamatanCode":"35.15.18","source":"caller"}}"#,
                    tally: tally),
                let incident = created["incident"] as? [String: Any], let id = incident["id"] as? String,
                var version = incident["version"] as? Int
            else { continue }
            for step in [
                #""type":"forward","agencyIds":["3515-damkar"],"reason":"Beban""#,
                #""type":"acknowledgeDispatch","agencyId":"3515-damkar""#,
                #""type":"completeDispatch","agencyId":"3515-damkar","outcome":{"summary":"Padam"}"#,
            ] {
                guard
                    let answer = await send(
                        "POST", "/api/v1/incidents/\(id)/events", port: port, token: token,
                        json: "{\(step),\"version\":\(version)}", tally: tally),
                    let next = (answer["incident"] as? [String: Any])?["version"] as? Int
                else { break }
                version = next
            }
        }
    }

    static func residentKilobytes(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test("A sustained mixed load of calls, incidents and live consoles runs with no error and a steady footprint")
    func sustainedMixedLoad() async throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let port = LoopbackPort.free()
        let token = try SiagaProcess.token(
            database: database,
            permissions: [
                "call.write", "call.read", "incident.create", "incident.read", "incident.update", "dispatch.update",
                "reference.read",
            ])
        let server = try await SiagaProcess.serve(database: database, port: port, extra: ["--demo"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let tally = Tally()
        // The reference indexes are built in the background at start-up: a place search waits for them, so the
        // footprint measured below is the server's under load, not the indexes arriving.
        _ = await Self.send("GET", "/api/v1/places?q=pepelegi", port: port, token: token, json: nil, tally: tally)
        var samples: [Int] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = try? await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/api/v1/live",
                        configuration: .init(
                            maxFrameSize: 1 << 20, additionalHeaders: [.authorization: "Bearer \(token)"]),
                        logger: Logger(label: "load-console-\(index)")
                    ) { inbound, outbound, _ in
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message, text.contains(#""type":"disconnect""#) {
                                tally.fail("console \(index) disconnected")
                            }
                            tally.received.add(1, ordering: .relaxed)
                            if tally.stop.load(ordering: .relaxed) { break }
                        }
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                }
            }
            for index in 0..<4 {
                group.addTask { await Self.operatorLoop(port: port, token: token, tally: tally, seed: index) }
            }
            for _ in 0..<Self.seconds {
                try await Task.sleep(for: .seconds(1))
                samples.append(Self.residentKilobytes(server.processIdentifier))
            }
            tally.stop.store(true, ordering: .relaxed)
            // One more event wakes every console so it sees the stop.
            _ = await Self.send(
                "POST", "/api/v1/calls", port: port, token: token,
                json:
                    #"{"regionCode":"35.15","channel":"voice112","callerNumber":"085700000000","disposition":"silent"}"#,
                tally: tally)
            try await group.waitForAll()
        }

        let failures = tally.failures.withLock { $0 }
        #expect(failures.isEmpty, "\(failures)")
        #expect(tally.requests.load(ordering: .relaxed) > 100)
        #expect(tally.received.load(ordering: .relaxed) > 100)
        // After the first third (caches and indexes filling), the footprint grows by less than a fifth.
        let settled = samples[samples.count / 3]
        let last = samples.last ?? 0
        #expect(settled > 0)
        #expect(Double(last) < Double(settled) * 1.2, "resident memory \(settled) kB → \(last) kB")
        print(
            "load: \(tally.requests.load(ordering: .relaxed)) requests, \(tally.received.load(ordering: .relaxed)) live messages, RSS kB \(samples)"
        )
    }
}
