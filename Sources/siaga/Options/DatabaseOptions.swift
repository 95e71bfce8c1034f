import ArgumentParser
import Foundation
import Logging
import SiagaStore

/// Where the data lives.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            words(
                "Basis data: berkas SQLite (dibuat bila belum ada), atau postgres://user:password@host:5432/name.",
                "The database: a SQLite file (created if missing), or postgres://user:password@host:5432/name."),
            discussion: words(
                "Bawaan: $SIAGA_DATABASE_URL bila diisi, selain itu ./siaga.sqlite.",
                "Default: $SIAGA_DATABASE_URL when set, else ./siaga.sqlite.")))
    var database: String?

    @Option(
        name: .long,
        help: .words(
            "Ketahanan SQLite: full (tahan listrik padam, bawaan) atau normal (hanya tahan proses mati mendadak).",
            "SQLite durability: full (survives power loss, the default) or normal (survives a crash only)."))
    var synchronous: SynchronousOption = .full

    @Option(
        name: .long,
        help: .words(
            "PostgreSQL: jumlah koneksi terbanyak yang dibuka proses ini.",
            "PostgreSQL: the most connections this process opens."))
    var maxConnections: Int = 12

    @Option(
        name: .long,
        help: ArgumentHelp(
            words("Tempat foto disimpan.", "Where photos are kept."),
            discussion: words(
                "Bawaan: folder di samping berkas SQLite, atau ./siaga-attachments pada PostgreSQL. "
                    + "Beberapa instance harus memakai folder yang sama.",
                "Default: a folder beside the SQLite file, or ./siaga-attachments on PostgreSQL. "
                    + "Several instances must share it.")))
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
                words(
                    "siaga \(command) hanya untuk basis data tertanam (SQLite); pada PostgreSQL gunakan alatnya sendiri "
                        + "(pg_dump, pg_basebackup), lihat docs/deployment.md.",
                    "siaga \(command) works on the embedded database; on PostgreSQL use its own tools "
                        + "(pg_dump, pg_basebackup), see docs/deployment.md."))
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
        guard maxConnections > 0 else {
            throw ValidationError(
                words("--max-connections paling sedikit 1.", "--max-connections must be at least 1."))
        }
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
