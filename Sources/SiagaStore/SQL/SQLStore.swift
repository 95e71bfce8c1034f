public import Foundation
import Metrics
import SQLKit
public import ServiceLifecycle
import SiagaCore
import Synchronization

/// Siaga112's storage: one implementation over any SQL backend (SQLite embedded, PostgreSQL for scale).
///
/// Every write is one transaction that appends events, updates the projections they change, and records the
/// idempotency response, so an acknowledged write is whole or absent after a crash.
public struct SQLStore: Sendable {
    public let backend: any DatabaseBackend
    /// Raised after every transaction that committed events.
    public let commits: CommitSignal
    /// Whether the last write failed for want of disk space; readiness reports it until a write succeeds.
    let writeHealth = WriteHealth()
    /// `siaga_db_duration_seconds{kind}`: how long write transactions and reads take, waiting included.
    private let writeTimer = Metrics.Timer(label: "siaga_db_duration", dimensions: [("kind", "write")])
    private let readTimer = Metrics.Timer(label: "siaga_db_duration", dimensions: [("kind", "read")])

    public init(backend: any DatabaseBackend) {
        self.backend = backend
        self.commits = CommitSignal()
    }

    /// The service that wakes this store's readers of the log when another instance commits (PostgreSQL); nil
    /// when no other process can write (SQLite). The server runs it among its services.
    public func commitRelay() -> (any Service)? { backend.commitRelay(to: commits) }

    /// Runs `body` in one write transaction. With a `claim`, a key seen before returns its stored response
    /// (when the fingerprint matches) without running `body`, or throws ``StoreError/idempotencyKeyReused``.
    public func write(
        idempotency claim: IdempotencyClaim? = nil,
        priority: WritePriority = .routine,
        now: Date,
        _ body: (WriteTransaction) async throws -> StoredResponse
    ) async throws -> WriteOutcome {
        let started = ContinuousClock.now
        defer { writeTimer.record(duration: ContinuousClock.now - started) }
        let outcome = try await watched {
            try await backend.withWriteTransaction(priority: priority) { database in
                let transaction = WriteTransaction(database: database, dialect: backend.dialect)
                if let claim, let earlier = try await transaction.idempotentResponse(for: claim) {
                    return WriteOutcome(response: earlier, replayed: true, committedEventIDs: [])
                }
                let response = try await body(transaction)
                if let claim { try await transaction.record(response, for: claim, now: now) }
                return WriteOutcome(response: response, replayed: false, committedEventIDs: transaction.committed)
            }
        }
        if !outcome.committedEventIDs.isEmpty { commits.notify() }
        return outcome
    }

    /// Runs `body` in one write transaction, for writes that are not retried by key (sessions, audit entries).
    @discardableResult
    public func transaction<T>(
        priority: WritePriority = .routine, _ body: (WriteTransaction) async throws -> T
    ) async throws -> T {
        let (result, committed) = try await watched {
            try await backend.withWriteTransaction(priority: priority) { database in
                let transaction = WriteTransaction(database: database, dialect: backend.dialect)
                return (try await body(transaction), !transaction.committed.isEmpty)
            }
        }
        if committed { commits.notify() }
        return result
    }

    /// Runs a write, noting whether the disk refused it, so readiness can say so until a write succeeds again.
    private func watched<T>(_ write: () async throws -> T) async throws -> T {
        do {
            let result = try await write()
            writeHealth.succeeded()
            return result
        } catch StoreError.storageFull {
            writeHealth.failedForSpace()
            throw StoreError.storageFull
        }
    }

    /// The stored response of an earlier write with `claim`'s key, if any; throws
    /// ``StoreError/idempotencyKeyReused`` when the key was used for another request.
    public func storedResponse(for claim: IdempotencyClaim) async throws -> StoredResponse? {
        try await backend.withReader { database in
            try await WriteTransaction(database: database, dialect: backend.dialect).idempotentResponse(for: claim)
        }
    }

    /// Runs `body` on a reader connection.
    public func read<T>(_ body: (StoreReader) async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { readTimer.record(duration: ContinuousClock.now - started) }
        return try await backend.withReader { try await body(StoreReader(database: $0, dialect: backend.dialect)) }
    }

    /// Checks that the database answers (for readiness), and, after a write failed for want of disk space, that
    /// one succeeds again: a probe write, so an instance taken out of rotation for a full disk comes back by
    /// itself once space is freed. Throws ``StoreError/storageFull`` while the disk still refuses writes.
    public func ping() async throws {
        _ = try await backend.withReader { try await $0.raw("SELECT 1 AS one").first() }
        guard writeHealth.isFailingForSpace else { return }
        try await watched {
            try await backend.withWriteTransaction(priority: .routine) { database in
                // As much new space as an incident's write takes, given back before the commit.
                let padding = backend.dialect == .sqlite ? "zeroblob(16384)" : "decode(repeat('00', 16384), 'hex')"
                try await database.raw(
                    """
                    UPDATE write_probe SET written_at_ms = \(bind: Date().millisecondsSince1970),
                        padding = \(unsafeRaw: padding) WHERE id = 1
                    """
                ).run()
                try await database.raw("UPDATE write_probe SET padding = NULL WHERE id = 1").run()
            }
        }
    }
}

/// Whether writes are failing for want of disk space, shared by every copy of a store.
final class WriteHealth: Sendable {
    private let failing = Atomic<Bool>(false)

    var isFailingForSpace: Bool { failing.load(ordering: .relaxed) }
    func failedForSpace() { failing.store(true, ordering: .relaxed) }
    func succeeded() { if isFailingForSpace { failing.store(false, ordering: .relaxed) } }
}

/// Read queries, on any connection (a reader, or the writer inside a transaction).
public struct StoreReader: Sendable {
    let database: any SQLDatabase
    let dialect: SQLStoreDialect
}

extension Actor {
    /// Stored as `kind:id`.
    init?(stored: String) {
        guard let colon = stored.firstIndex(of: ":"), let kind = Kind(rawValue: String(stored[..<colon])) else {
            return nil
        }
        self.init(kind: kind, id: String(stored[stored.index(after: colon)...]))
    }
}
