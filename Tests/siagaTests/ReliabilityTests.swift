import Foundation
import SiagaServer
import SiagaStore
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The server as a process under abuse: killed mid-write, backed up mid-write. Bounded for CI; the long variant
/// runs with `SIAGA_CRASH_ROUNDS=1000`.
@Suite("Reliability", .serialized)
struct ReliabilityTests {
    static var rounds: Int { Int(ProcessInfo.processInfo.environment["SIAGA_CRASH_ROUNDS"] ?? "") ?? 20 }

    /// One call as a writer sends it: its idempotency key and a caller number no other request uses.
    struct Attempt: Sendable {
        var key: String
        var number: String
        var body: String {
            #"{"regionCode": "35.15", "channel": "voice112", "callerNumber": "\#(number)", "disposition": "silent"}"#
        }
    }

    struct Answer: Sendable {
        var status: Int
        var callID: String?
        var replayed: Bool
    }

    /// A flag and a counter shared by concurrent writers.
    final class Shared: Sendable {
        private let flag = Atomic<Bool>(false)
        private let counter = Atomic<Int>(0)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
        func next() -> Int { counter.add(1, ordering: .relaxed).newValue }
        /// How many numbers were handed out so far.
        var count: Int { counter.load(ordering: .relaxed) }
    }

    static func post(_ attempt: Attempt, port: Int, token: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/calls")!, timeoutInterval: 5)
        request.httpMethod = "POST"
        request.httpBody = Data(attempt.body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(attempt.key, forHTTPHeaderField: "Idempotency-Key")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return Answer(
            status: http?.statusCode ?? 0, callID: (json?["call"] as? [String: Any])?["id"] as? String,
            replayed: http?.value(forHTTPHeaderField: "Idempotent-Replayed") == "true")
    }

    /// Writers that post calls until the server stops answering; returns what was tried and what was acknowledged.
    static func write(port: Int, token: String, writers: Int, numbers: Shared, until stop: Shared)
        async -> (attempted: [Attempt], acknowledged: [(Attempt, String)])
    {
        await withTaskGroup(of: ([Attempt], [(Attempt, String)]).self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var attempted: [Attempt] = []
                    var acknowledged: [(Attempt, String)] = []
                    while !stop.isSet {
                        let serial = numbers.next()
                        let attempt = Attempt(key: UUID().uuidString, number: "0812" + String(format: "%08d", serial))
                        attempted.append(attempt)
                        guard let answer = try? await post(attempt, port: port, token: token) else { break }
                        if answer.status == 201, let id = answer.callID {
                            acknowledged.append((attempt, id))
                        }
                    }
                    return (attempted, acknowledged)
                }
            }
            var all: ([Attempt], [(Attempt, String)]) = ([], [])
            for await (attempted, acknowledged) in group {
                all.0 += attempted
                all.1 += acknowledged
            }
            return all
        }
    }

    static func callsFrom(_ number: String, port: Int, token: String) async throws -> Int {
        let (status, page) = try await SiagaProcess.request(
            "GET", port: port, path: "/api/v1/calls?region=35.15&callerNumber=\(number)", token: token)
        #expect(status == 200)
        return (page["items"] as? [[String: Any]])?.count ?? -1
    }

    @Test(
        "Killed with SIGKILL at random moments under concurrent writers, the server keeps every acknowledged write exactly once"
    )
    func acknowledgedWritesSurviveRepeatedKills() async throws {
        // given
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let port = LoopbackPort.free()
        let token = try SiagaProcess.token(database: database, permissions: ["call.write", "call.read"])
        let numbers = Shared()
        var attempted: [Attempt] = []
        var acknowledged: [(Attempt, String)] = []

        // when
        for round in 0..<Self.rounds {
            let server = try await SiagaProcess.serve(
                database: database, port: port, extra: round == 0 ? ["--demo"] : [])
            let killed = Shared()
            let pid = server.processIdentifier
            let delay = Int.random(in: 100...600)
            let killer = Task {
                try? await Task.sleep(for: .milliseconds(delay))
                kill(pid, SIGKILL)
                killed.set()
            }
            let result = await Self.write(port: port, token: token, writers: 4, numbers: numbers, until: killed)
            await killer.value
            server.waitUntilExit()
            attempted += result.attempted
            acknowledged += result.acknowledged
        }

        // then
        let server = try await SiagaProcess.serve(database: database, port: port)
        #expect(acknowledged.count > Self.rounds)
        let confirmed = Set(acknowledged.map(\.0.key))
        for (attempt, id) in acknowledged {
            let (status, _) = try await SiagaProcess.request(
                "GET", port: port, path: "/api/v1/calls/\(id)", token: token)
            #expect(status == 200, "acknowledged call \(id) is missing")
            #expect(try await Self.callsFrom(attempt.number, port: port, token: token) == 1, "\(attempt.number)")
        }
        for attempt in attempted where !confirmed.contains(attempt.key) {
            #expect(try await Self.callsFrom(attempt.number, port: port, token: token) <= 1, "\(attempt.number)")
        }
        for (attempt, id) in acknowledged.shuffled().prefix(20) {
            let again = try await Self.post(attempt, port: port, token: token)
            #expect(again.replayed)
            #expect(again.callID == id)
        }
        server.terminate()
        server.waitUntilExit()
        let report = try await SQLiteBackup.verify(database)
        #expect(report.calls >= acknowledged.count)
    }

    @Test(
        "siaga backup copies the database while writers go on; the restored copy has every write acknowledged before it"
    )
    func onlineBackupAndRestore() async throws {
        // given a server taking writes
        let database = SiagaProcess.temporaryDatabase()
        let backup = SiagaProcess.temporaryDatabase()
        let restored = SiagaProcess.temporaryDatabase()
        defer { for path in [database, backup, restored] { SiagaProcess.remove(path) } }
        let port = LoopbackPort.free()
        let token = try SiagaProcess.token(database: database, permissions: ["call.write", "call.read"])
        let server = try await SiagaProcess.serve(database: database, port: port, extra: ["--demo"])
        let stop = Shared()
        let acknowledgedSoFar = Mutex<[String]>([])
        let writers = Task {
            let numbers = Shared()
            while !stop.isSet {
                let serial = numbers.next()
                let attempt = Attempt(key: UUID().uuidString, number: "0813" + String(format: "%08d", serial))
                if let answer = try? await Self.post(attempt, port: port, token: token), answer.status == 201,
                    let id = answer.callID
                {
                    acknowledgedSoFar.withLock { $0.append(id) }
                }
            }
        }
        while acknowledgedSoFar.withLock({ $0.count }) < 20 { try await Task.sleep(for: .milliseconds(20)) }

        // when
        let before = acknowledgedSoFar.withLock { $0 }
        let backedUp = try SiagaProcess.run(["--lang", "en", "backup", "--database", database, "--output", backup])
        let during = acknowledgedSoFar.withLock { $0.count } - before.count
        try await Task.sleep(for: .milliseconds(200))
        stop.set()
        await writers.value
        server.terminate()
        server.waitUntilExit()
        let restoring = try SiagaProcess.run(["restore", "--input", backup, "--database", restored])

        // then
        #expect(backedUp.status == 0, "\(backedUp.output)")
        #expect(backedUp.output.contains("integrity ok"))
        #expect(restoring.status == 0, "\(restoring.output)")
        #expect(during >= 0)
        let copy = try await SiagaProcess.serve(database: restored, port: port)
        defer {
            copy.terminate()
            copy.waitUntilExit()
        }
        for id in before {
            let (status, _) = try await SiagaProcess.request(
                "GET", port: port, path: "/api/v1/calls/\(id)", token: token)
            #expect(status == 200, "call \(id), acknowledged before the backup, is missing from it")
        }
        let refused = try SiagaProcess.run(["restore", "--input", backup, "--database", restored, "--force"])
        #expect(refused.status != 0, "a database a server has open must not be replaced")
    }
}
