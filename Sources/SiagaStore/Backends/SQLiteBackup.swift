import Foundation
import SQLKit

/// Online backups of the embedded database.
///
/// `VACUUM INTO` copies one read transaction's snapshot: a consistent database as of one commit, taken while
/// writers go on (WAL mode lets them), compacted, and synced. The copy is written beside its destination and
/// renamed into place only once it passed `PRAGMA integrity_check`, so a backup file is complete or absent.
public enum SQLiteBackup {
    public struct Report: Sendable {
        public var bytes: Int64
        public var incidents: Int
        public var calls: Int
        public var events: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        case destinationExists(String)
        case notADatabase(String, detail: String)
        case inUse(String)

        public var description: String {
            switch self {
            case .destinationExists(let path): "\(path) already exists; choose a new file or remove it first."
            case .notADatabase(let path, let detail): "\(path) is not an intact Siaga112 database: \(detail)"
            case .inUse(let path): "\(path) is in use (is a server running on it?); stop it before restoring."
            }
        }
    }

    /// Copies the live database behind `backend` to `destination`, which must not exist.
    public static func backUp(_ backend: SQLiteBackend, to destination: String) async throws -> Report {
        guard !FileManager.default.fileExists(atPath: destination) else { throw Failure.destinationExists(destination) }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try await backend.withReader { try await $0.raw("VACUUM INTO \(bind: partial)").run() }
        do {
            let report = try await verify(partial)
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
            try syncDirectory(of: destination)
            return report
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Replaces the database at `database` with the backup at `source`, after checking the backup. The target
    /// must not be open anywhere: an exclusive lock proves it.
    public static func restore(from source: String, to database: String) async throws -> Report {
        let report = try await verify(source)
        var held: DatabaseFileLock?
        if FileManager.default.fileExists(atPath: database) {
            guard let lock = DatabaseFileLock(path: database, exclusive: true) else { throw Failure.inUse(database) }
            held = lock
        }
        defer { held?.release() }
        let partial = database + ".restoring"
        try? FileManager.default.removeItem(atPath: partial)
        try FileManager.default.copyItem(atPath: source, toPath: partial)
        try syncFile(partial)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        if FileManager.default.fileExists(atPath: database) { try FileManager.default.removeItem(atPath: database) }
        try FileManager.default.moveItem(atPath: partial, toPath: database)
        try syncDirectory(of: database)
        return report
    }

    /// Opens `path` read-only in spirit (nothing is written), runs SQLite's integrity check and counts what it holds.
    public static func verify(_ path: String) async throws -> Report {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure.notADatabase(path, detail: "no such file")
        }
        let backend = try await SQLiteBackend.open(path: path, readerCount: 1)
        do {
            let report = try await backend.withReader { database -> Report in
                let check = try await database.raw("PRAGMA integrity_check").all()
                    .compactMap { try? $0.decode(column: "integrity_check", as: String.self) }
                guard check == ["ok"] else { throw Failure.notADatabase(path, detail: check.joined(separator: "; ")) }
                func count(_ table: String) async throws -> Int {
                    try await database.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?
                        .decode(column: "n", as: Int.self) ?? 0
                }
                return Report(
                    bytes: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0,
                    incidents: try await count("incidents"), calls: try await count("calls"),
                    events: try await count("events"))
            }
            try await backend.shutdown()
            return report
        } catch let failure as Failure {
            try? await backend.shutdown()
            throw failure
        } catch {
            try? await backend.shutdown()
            throw Failure.notADatabase(path, detail: "\(error)")
        }
    }

    private static func syncFile(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.synchronize()
        try handle.close()
    }

    /// A rename is durable once the directory holding it is synced.
    private static func syncDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        fsync(descriptor)
    }
}
