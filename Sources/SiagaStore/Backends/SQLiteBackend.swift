import Foundation
public import Logging
public import SQLKit
import SQLiteKit
import SQLiteNIO
public import ServiceLifecycle

/// The embedded database: one SQLite file in WAL mode.
///
/// Durability: `synchronous=FULL` by default. In WAL mode, NORMAL may lose the last transactions on power loss
/// (not on a process crash); a 112 center has acknowledged those reports to a caller, so FULL is the default and
/// its cost is measured by `siaga bench`. One writer connection serialises writes (SQLite allows one writer at a
/// time anyway), and the writes waiting for it share its commits (``GroupCommitWriter``); readers use their own
/// connections and see the last committed state.
public struct SQLiteBackend: DatabaseBackend {
    /// How strictly SQLite waits for the disk before a commit returns.
    public enum Synchronous: String, Sendable {
        /// Survives power loss: the WAL is synced on every commit.
        case full = "FULL"
        /// Survives a process crash, may lose the last commits on power loss.
        case normal = "NORMAL"
    }

    public let dialect = SQLStoreDialect.sqlite
    public let path: String
    let writer: GroupCommitWriter<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    private let readerCount: Int
    private let logger: Logger
    /// Held (shared) while the database is open, so `siaga restore` can tell it is in use.
    private let lock: DatabaseFileLock

    /// Opens (creating if needed) the database at `path`. `":memory:"` is not supported: use a temporary file,
    /// so tests exercise the same WAL path as production.
    public static func open(
        path: String,
        synchronous: Synchronous = .full,
        readerCount: Int = 4,
        logger: Logger = Logger(label: "siaga.sqlite")
    ) async throws -> SQLiteBackend {
        let writer = try await openConnection(path, synchronous: synchronous, logger: logger)
        guard let lock = DatabaseFileLock(path: path, exclusive: false) else {
            try? await writer.close()
            throw DatabaseFileLock.Busy(path: path)
        }
        var readers: [SQLiteConnection] = []
        do {
            for _ in 0..<max(1, readerCount) {
                readers.append(try await openConnection(path, synchronous: synchronous, logger: logger))
            }
        } catch {
            for connection in readers + [writer] { try? await connection.close() }
            lock.release()
            throw error
        }
        return SQLiteBackend(
            path: path, writer: GroupCommitWriter(writer), readers: ConnectionPool(readers),
            readerCount: readers.count, logger: logger, lock: lock)
    }

    private static func openConnection(
        _ path: String,
        synchronous: Synchronous,
        logger: Logger
    ) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            // The busy timeout first: switching to WAL waits for a lock like any other statement.
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = \(synchronous.rawValue)", "PRAGMA foreign_keys = ON",
            ] {
                _ = try await connection.query(pragma)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    /// A read that needs temporary space on a full disk (a large sort) is ``StoreError/storageFull`` too.
    public func withReader<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await readers.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
        } catch let error as SQLiteError where error.reason == .full {
            throw StoreError.storageFull
        }
    }

    /// Straight from SQLite's values, without the generic decoder, each row as SQLite steps to it.
    public func plainRows(
        _ query: SQLQueryString, columns: [PlainColumn], _ each: @escaping @Sendable ([PlainValue]) -> Void
    ) async throws {
        try await readers.withConnection { connection in
            var serializer = SQLSerializer(database: connection.sql())
            query.serialize(to: &serializer)
            let encoder = SQLiteDataEncoder()
            let binds = try serializer.binds.map { try encoder.encode($0) }
            // By position: the query selects `columns` in their order, and a lookup by name per value would hash
            // every column name of every row.
            try await connection.query(serializer.sql, binds) { row in
                let values = row.columns
                each(
                    columns.indices.map { index in
                        guard index < values.count else { return .null }
                        assert(values[index].name == columns[index].name, "select the columns in their order")
                        return switch values[index].data {
                        case .integer(let value): .integer(Int64(value))
                        case .text(let value): .text(value)
                        case .float(let value): .integer(Int64(value))
                        case .blob, .null: .null
                        }
                    })
            }
        }
    }

    /// A full disk (SQLite's `SQLITE_FULL`, also when the file reaches its page limit) is
    /// ``StoreError/storageFull``: the transaction is rolled back and the next write may succeed.
    public func withWriter<T>(priority: WritePriority, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await refusingFullDisk {
            _ = await writer.acquire(priority: priority, joinsBatch: false)
            do {
                let result = try await body(writer.connection.sql(queryLogLevel: .trace))
                await writer.release(committed: false)
                return result
            } catch {
                await writer.release(committed: false)
                throw error
            }
        }
    }

    /// Runs `body` in a savepoint of the transaction open on the writer when another write hands it on, or in a
    /// transaction of its own, and returns once that transaction has committed (``GroupCommitWriter``).
    public func withWriteTransaction<T>(
        priority: WritePriority, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await refusingFullDisk {
            let database = writer.connection.sql(queryLogLevel: .trace)
            let (batch, first) = try await enterBatch(priority: priority, database)
            let outcome = try await runInBatch(body, database, batch: batch, first: first)
            if await writer.handOn(batch) {
                let result = try outcome.get()
                try await batch.committed()
                return result
            }
            do {
                try await database.raw("COMMIT").run()
            } catch {
                try? await database.raw("ROLLBACK").run()
                batch.finish(.failure(error))
                await writer.release(committed: false)
                throw error
            }
            batch.finish(.success(()))
            await writer.release(committed: true)
            return try outcome.get()
        }
    }

    /// Waits for the writer: joins the batch handed on to it, or begins a transaction as the first of a new one.
    private func enterBatch(
        priority: WritePriority, _ database: any SQLDatabase
    ) async throws -> (batch: CommitBatch, first: Bool) {
        if let joined = await writer.acquire(priority: priority, joinsBatch: true) { return (joined, false) }
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            await writer.release(committed: false)
            throw error
        }
        return (CommitBatch(priority), true)
    }

    /// Runs one write's work in the batch's transaction, in a savepoint unless it is the first. A failure that
    /// leaves the batch going on is returned; one that ends it (the first write's, or SQLite rolling the whole
    /// transaction back) has released the writer and is thrown.
    private func runInBatch<T>(
        _ body: (any SQLDatabase) async throws -> T, _ database: any SQLDatabase, batch: CommitBatch, first: Bool
    ) async throws -> Result<T, any Error> {
        do {
            if !first { try await database.raw("SAVEPOINT batched_write").run() }
            let result = try await body(database)
            if !first { try await database.raw("RELEASE batched_write").run() }
            return .success(result)
        } catch let failure {
            guard !first else {
                // Nobody else's work is in the transaction yet.
                try? await database.raw("ROLLBACK").run()
                await writer.release(committed: false)
                throw failure
            }
            do {
                try await database.raw("ROLLBACK TO batched_write").run()
                try await database.raw("RELEASE batched_write").run()
            } catch {
                // SQLite rolled the whole transaction back (a full disk, an I/O error): the batch is lost.
                batch.finish(.failure(failure))
                try? await database.raw("ROLLBACK").run()
                await writer.release(committed: false)
                throw failure
            }
            return .failure(failure)
        }
    }

    private func refusingFullDisk<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch let error as SQLiteError where error.reason == .full {
            logger.error("database disk full: write refused", metadata: ["error": "\(error)"])
            throw StoreError.storageFull
        }
    }

    /// Commits made on the writer since the database was opened: with the writes served, how many each commit
    /// shared (the bench reports it).
    public var commitsMade: Int {
        get async { await writer.commits }
    }

    /// IMMEDIATE takes SQLite's write lock at once, so a transaction never fails half-way on a busy database.
    public var transactionStart: [String] { ["BEGIN IMMEDIATE"] }

    public func commitRelay(to signal: CommitSignal) -> (any Service)? { nil }

    public func shutdown() async throws {
        for connection in await readers.drain(count: readerCount) { try await connection.close() }
        _ = await writer.acquire(priority: .routine, joinsBatch: false)
        try await writer.connection.close()
        lock.release()
    }
}

/// An advisory lock on the database file (`flock`, independent of SQLite's own locks): every process that opens
/// the database holds it shared; replacing the file (`siaga restore`) needs it exclusive, so a database a server
/// still has open is never swapped under it.
public final class DatabaseFileLock: Sendable {
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is being restored or replaced; try again when that is done." }
    }

    private let descriptor: Int32

    /// Takes the lock without waiting; `nil` when another process holds it in a conflicting way.
    public init?(path: String, exclusive: Bool) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
