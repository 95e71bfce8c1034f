import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// The servers a bench run measures: one on a fresh embedded database, or `instances` on a fresh PostgreSQL
/// database (each instance with its own connection pool and commit listener, as separate processes have), all
/// seeded with the demo regions and listening on loopback.
struct BenchTarget {
    let stores: [SQLStore]
    let ports: [Int]
    let token: String
    let label: String
    private let servers: [Task<Void, any Error>]
    private let cleanUp: @Sendable () async -> Void

    var bases: [String] { ports.map { "http://127.0.0.1:\($0)" } }

    static func start(postgres: String?, instances: Int, logger: Logger) async throws -> BenchTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "siaga-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let attachments = AttachmentStorage(directory: directory.appendingPathComponent("attachments"))
        var stores: [SQLStore] = []
        let label: String
        let dropDatabase: @Sendable () async -> Void
        if let postgres {
            let name = "siaga_bench_" + UUID().uuidString.prefix(8).lowercased()
            let url = try await PostgresBackend.createDatabase(name, url: postgres)
            for _ in 0..<instances {
                let backend = try await PostgresBackend.open(
                    url: url, settings: .init(maxConnections: 16), logger: logger)
                try await MigrationRunner.migrate(backend)
                stores.append(SQLStore(backend: backend))
            }
            label = "PostgreSQL, \(instances) instance\(instances == 1 ? "" : "s")"
            dropDatabase = { try? await PostgresBackend.dropDatabase(name, url: postgres) }
        } else {
            guard instances == 1 else { throw ValidationError(Self.oneSQLiteServer) }
            let backend = try await SQLiteBackend.open(
                path: directory.appendingPathComponent("bench.sqlite").path, logger: logger)
            try await MigrationRunner.migrate(backend)
            stores.append(SQLStore(backend: backend))
            label = "SQLite, 1 instance"
            dropDatabase = {}
        }
        _ = try await DemoSeeder.seedIfEmpty(stores[0], now: Date())
        let token = try await AccountService(dependencies: Dependencies(store: stores[0], attachments: attachments))
            .createToken(
                name: "bench", jurisdiction: .region(RegionCode("35.15")!), agency: nil,
                permissions: [.incidentCreate, .callWrite, .callRead, .incidentRead], by: .system("bench"), address: nil
            ).secret
        var ports: [Int] = []
        var servers: [Task<Void, any Error>] = []
        for store in stores {
            let port = LoopbackPort.free()
            let app = try buildApplication(
                ServerConfiguration(host: "127.0.0.1", port: port, logLevel: .error),
                dependencies: Dependencies(store: store, attachments: attachments), logger: logger)
            servers.append(Task { try await app.runService() })
            ports.append(port)
        }
        let backends = stores.map(\.backend)
        return BenchTarget(
            stores: stores, ports: ports, token: token, label: label, servers: servers,
            cleanUp: {
                for backend in backends { try? await backend.shutdown() }
                await dropDatabase()
                try? FileManager.default.removeItem(at: directory)
            })
    }

    private static var oneSQLiteServer: String {
        words(
            "--instances memerlukan --postgres: SQLite hanya punya satu server.",
            "--instances needs --postgres: SQLite has one server.")
    }

    func stop() async {
        for server in servers { server.cancel() }
        for server in servers { _ = try? await server.value }
        await cleanUp()
    }
}
