import ArgumentParser
import Foundation
import Logging
import SiagaStore

/// Where the data lives.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database: a SQLite file (created if missing), or postgres://user:password@host:5432/name.",
            discussion: "Default: $SIAGA_DATABASE_URL when set, else ./siaga.sqlite."))
    var database: String?

    @Option(
        name: .long,
        help: "SQLite durability: full (survives power loss, the default) or normal (survives a crash only).")
    var synchronous: SynchronousOption = .full

    @Option(name: .long, help: "PostgreSQL: the most connections this process opens.")
    var maxConnections: Int = 12

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where photos are kept.",
            discussion:
                "Default: a folder beside the SQLite file, or ./siaga-attachments on PostgreSQL. Several instances must share it."
        ))
    var attachments: String?

    enum SynchronousOption: String, ExpressibleByArgument, CaseIterable {
        case full
        case normal
    }

    var location: DatabaseLocation {
        DatabaseLocation(database ?? ProcessInfo.processInfo.environment["SIAGA_DATABASE_URL"] ?? "./siaga.sqlite")
    }

    /// The SQLite file, for the commands that only work on the embedded database (backup, restore).
    func sqlitePath(for command: String) throws -> String {
        guard case .sqlite(let path) = location else {
            throw ValidationError(
                "siaga \(command) works on the embedded database; on PostgreSQL use its own tools (pg_dump, pg_basebackup), see docs/deployment.md."
            )
        }
        return path
    }

    var attachmentDirectory: String {
        if let attachments { return attachments }
        switch location {
        case .sqlite(let path): return path + "-attachments"
        case .postgres: return "./siaga-attachments"
        }
    }

    /// Opens the database and brings its schema up to date.
    func openStore(logger: Logger) async throws -> SQLStore {
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1.") }
        let backend = try await location.open(
            .init(synchronous: synchronous == .full ? .full : .normal, maxConnections: maxConnections),
            logger: logger)
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
