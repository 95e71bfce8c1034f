public import SQLKit
public import ServiceLifecycle

/// The SQL dialects the store speaks. Differences between them live in migrations and in
/// ``SQLStoreDialect``, nowhere else.
public enum SQLStoreDialect: String, Sendable {
    case sqlite
    case postgres
}

/// Which waiting write goes first when the writer is busy: emergencies (incidents, dispatch steps, calls not yet
/// known to be non-emergency) before routine writes (non-emergency call dispositions, sessions, background rounds),
/// so a flood of prank calls never delays a real emergency; a routine write that has waited long enough takes
/// turns with urgent ones, so none waits without bound (``WriterQueue``). First come, first served within each.
public enum WritePriority: Sendable {
    case urgent
    case routine
}

/// Where the store's SQL runs: hands out a connection for reading and the one for writing.
public protocol DatabaseBackend: Sendable {
    var dialect: SQLStoreDialect { get }
    /// Runs `body` on a connection for reads; it may run beside writes.
    func withReader<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Reads many rows of integers and text and hands each to `row`, one after the other, its values in the order
    /// of `columns`: the reports' reads of a year of rows, which a generic row decoder would make several times
    /// slower, and which must not all be held at once. The query selects `columns` in that order: values are read
    /// by position.
    func plainRows(
        _ query: SQLQueryString, columns: [PlainColumn], _ row: @escaping @Sendable ([PlainValue]) -> Void
    ) async throws
    /// Runs `body` on a connection lent to it alone, for one transaction; `priority` orders the waiting writers.
    func withWriter<T>(priority: WritePriority, _ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` as one all-or-nothing write and returns once it is committed: a transaction of its own, or, where
    /// the backend shares commits among the writes waiting for its writer (SQLite: ``GroupCommitWriter``), a
    /// savepoint in a transaction that commits for all of them.
    func withWriteTransaction<T>(
        priority: WritePriority, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T
    /// The statements that open a write transaction. Write transactions are serialised (SQLite's write lock, a
    /// PostgreSQL advisory lock across every instance), so events are committed in the order of their ids and a
    /// reader following the log never skips one that commits late.
    var transactionStart: [String] { get }
    /// The service that raises `signal` whenever another process commits events (PostgreSQL's `LISTEN`), to run
    /// beside the server's other services; nil for SQLite, which has no other writer that could.
    func commitRelay(to signal: CommitSignal) -> (any Service)?
    /// Closes every connection. The backend cannot be used afterwards.
    func shutdown() async throws
}

extension DatabaseBackend {
    /// Runs `body` on the writer as a routine write.
    public func withWriter<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withWriter(priority: .routine, body)
    }

    /// One transaction per write, on a connection lent to it alone.
    public func withWriteTransaction<T>(
        priority: WritePriority, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await withWriter(priority: priority) { database in
            try await inTransaction(database) { try await body(database) }
        }
    }

    /// Runs `body` between the start of a write transaction and COMMIT on `database`, rolling back when it throws.
    func inTransaction<T>(_ database: any SQLDatabase, _ body: () async throws -> T) async throws -> T {
        for statement in transactionStart { try await database.raw("\(unsafeRaw: statement)").run() }
        do {
            let result = try await body()
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }
}
