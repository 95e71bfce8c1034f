import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import SQLKit
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two real `siaga serve` processes on one PostgreSQL database, as a province runs them behind a load balancer.
/// Runs when `SIAGA_TEST_POSTGRES_URL` names a server (scripts/test starts a throwaway one).
@Suite("Several instances on PostgreSQL", .serialized, .enabled(if: TestDatabase.postgresURL != nil))
struct InstancesOnPostgresTests {
    /// What one live console received, in order.
    final class Console: Sendable {
        let name: String
        let received = Mutex<[Int64]>([])
        let connections = Atomic<Int>(0)
        init(_ name: String) { self.name = name }
        var last: Int64? { received.withLock { $0.last } }
    }

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func next() -> Int { value.add(1, ordering: .relaxed).newValue }
    }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    /// A console that stays connected: it first connects with `since` = `start` (as the console does with the
    /// last event of what it loaded over REST, so writes that commit while it connects are replayed, not missed),
    /// and on a drop reconnects (to `ports`, in turn, as a load balancer would send it) with `since` = the last
    /// event it has, until `stop` is set.
    static func follow(_ console: Console, from start: Int64, ports: [Int], token: String, stop: Flag) async {
        var attempt = 0
        while !stop.isSet {
            let port = ports[attempt % ports.count]
            attempt += 1
            let since = "?since=\(console.last ?? start)"
            _ = try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/api/v1/live\(since)",
                configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: [.authorization: "Bearer \(token)"]),
                logger: Logger(label: "console-\(console.name)")
            ) { inbound, outbound, _ in
                console.connections.add(1, ordering: .relaxed)
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    else { continue }
                    if object["type"] as? String == "event", let id = (object["eventId"] as? String).flatMap(Int64.init)
                    {
                        console.received.withLock { $0.append(id) }
                    }
                    if stop.isSet { break }
                }
                try? await outbound.close(.normalClosure, reason: nil)
            }
            if !stop.isSet { try? await Task.sleep(for: .milliseconds(200)) }
        }
    }

    static func postCall(port: Int, token: String, serial: Int) async -> Bool {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/calls")!, timeoutInterval: 5)
        request.httpMethod = "POST"
        let number = "0813" + String(format: "%08d", serial)
        request.httpBody = Data(
            #"{"regionCode":"35.15","channel":"voice112","callerNumber":"\#(number)","disposition":"prank"}"#.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(UUID().uuidString, forHTTPHeaderField: "Idempotency-Key")
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 201
    }

    /// The ids of the events a console reading calls and incidents of 35.15 must see, after `start`.
    static func expectedEvents(_ store: SQLStore, after start: Int64) async throws -> [Int64] {
        try await store.backend.withReader { database in
            try await database.raw(
                """
                SELECT id FROM events WHERE id > \(bind: start) AND region_code = '35.15'
                AND stream_type IN ('call', 'incident') ORDER BY id
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
        }
    }

    @Test("Writes through both instances reach every console on either, exactly once, across a SIGKILL and restart")
    func everyConsoleGetsEveryEventOnce() async throws {
        // given a fresh database that two processes migrate at the same moment, seeded with the demo before
        // the instances start (a server's SLA engine would otherwise mark the late steps of the history being
        // seeded, at today's time)
        let server = try #require(TestDatabase.postgresURL)
        let name = "instances_" + UUID().uuidString.prefix(8).lowercased()
        let url = try await PostgresBackend.createDatabase(name, url: server)
        async let migratingA = SiagaProcess.run(["migrate", "--database", url])
        async let migratingB = SiagaProcess.run(["migrate", "--database", url])
        #expect(try await [migratingA.status, migratingB.status] == [0, 0])
        #expect(try SiagaProcess.run(["demo", "--database", url]).status == 0)
        let (portA, portB) = SiagaProcess.freePorts()
        async let startingA = SiagaProcess.serve(database: url, port: portA)
        async let startingB = SiagaProcess.serve(database: url, port: portB)
        var instanceA = try await startingA
        let instanceB = try await startingB
        let backend = try await PostgresBackend.open(url: url, settings: .init(maxConnections: 2))
        let store = SQLStore(backend: backend)
        defer {
            for process in [instanceA, instanceB] where process.isRunning { process.terminate() }
        }
        #expect(try await MigrationRunner.appliedVersions(backend) == Array(1...AllMigrations.list.count))
        let token = try SiagaProcess.token(
            database: url, permissions: ["call.write", "call.read", "incident.read", "reference.read"])
        let start = try await store.read { try await $0.lastEventID() }.rawValue

        // when consoles follow each instance while writers use both, and instance A is killed and restarted
        let consoles = (0..<4).map { Console("\($0)") }
        let stop = Flag()
        let writersStop = Flag()
        let followers = Task {
            await withTaskGroup(of: Void.self) { group in
                // Consoles 0 and 1 are on A (1 fails over to B); 2 and 3 are on B.
                let routes = [[portA], [portA, portB], [portB], [portB]]
                for (console, ports) in zip(consoles, routes) {
                    group.addTask { await Self.follow(console, from: start, ports: ports, token: token, stop: stop) }
                }
            }
        }
        let serial = Counter()
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for port in [portA, portB, portA, portB] {
                    group.addTask {
                        while !writersStop.isSet {
                            _ = await Self.postCall(port: port, token: token, serial: serial.next())
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(2))
        kill(instanceA.processIdentifier, SIGKILL)
        instanceA.waitUntilExit()
        try await Task.sleep(for: .seconds(1))
        instanceA = try await SiagaProcess.serve(database: url, port: portA)
        // A place search waits for the reference indexes a server builds after it starts, so the restarted
        // instance is not still busy with them while the consoles' catching up is timed below.
        _ = try await SiagaProcess.request("GET", port: portA, path: "/api/v1/places?q=pepelegi", token: token)
        try await Task.sleep(for: .seconds(2))
        writersStop.set()
        await writers.value
        // The last write goes through A: consoles on B can only learn of it from A's commit notification.
        #expect(await Self.postCall(port: portA, token: token, serial: 99_999_998))

        // then every console catches up to the last committed event within 5 s, well before the feed's 15 s
        // heartbeat (which would also catch up): the notification of A's commit reached B
        let expected = try await Self.expectedEvents(store, after: start)
        let last = try #require(expected.last)
        for _ in 0..<50 where consoles.contains(where: { ($0.last ?? 0) < last }) {
            try await Task.sleep(for: .milliseconds(100))
        }
        let snapshots = consoles.map { $0.received.withLock { $0 } }
        stop.set()
        // One more event wakes every console so it sees the stop.
        _ = await Self.postCall(port: portB, token: token, serial: 99_999_999)
        await followers.value
        #expect(expected.count > 50)
        print(
            "instances: \(expected.count) events; consoles connected \(consoles.map { $0.connections.load(ordering: .relaxed) }) times"
        )
        for (console, received) in zip(consoles, snapshots) {
            let complete = received == expected
            let missing = Set(expected).subtracting(received).sorted()
            #expect(
                complete,
                "console \(console.name): \(received.count) of \(expected.count) events; missing \(missing.prefix(10)), last received \(received.last ?? 0)"
            )
            #expect(Set(received).count == received.count, "console \(console.name) got duplicates")
        }
        #expect(consoles[0].connections.load(ordering: .relaxed) >= 2)
        #expect(consoles[1].connections.load(ordering: .relaxed) >= 2)

        for process in [instanceA, instanceB] {
            process.terminate()
            process.waitUntilExit()
        }
        try await backend.shutdown()
        try await PostgresBackend.dropDatabase(name, url: server)
    }
}
