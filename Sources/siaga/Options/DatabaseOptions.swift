import ArgumentParser
import Logging
import SiagaStore

/// Where the data lives.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite database file (created if missing).")
    var database: String = "./siaga.sqlite"

    @Option(
        name: .long,
        help: "SQLite durability: full (survives power loss, the default) or normal (survives a crash only).")
    var synchronous: SynchronousOption = .full

    enum SynchronousOption: String, ExpressibleByArgument, CaseIterable {
        case full
        case normal
    }

    /// Opens the database and brings its schema up to date.
    func openStore(logger: Logger) async throws -> SQLStore {
        let backend = try await SQLiteBackend.open(
            path: database, synchronous: synchronous == .full ? .full : .normal, logger: logger)
        do {
            let applied = try await MigrationRunner.migrate(backend)
            if !applied.isEmpty { logger.info("migrated database", metadata: ["versions": "\(applied)"]) }
        } catch {
            try? await backend.shutdown()
            throw error
        }
        return SQLStore(backend: backend)
    }
}
