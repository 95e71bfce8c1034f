import Foundation
import SQLKit
import Synchronization
import Testing

@testable import SiagaStore

@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error, Equatable { var id: String }

    /// The log of what ran on the writer, in order.
    final class Log: Sendable {
        let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test("Writes that wait for the writer share one commit, and each returns only once it is committed")
    func waitingWritesShareOneCommit() async throws {
        try await Self.withDatabase { backend in
            // given a write holding the writer, and three more waiting for it
            let commitsBefore = await backend.writer.commits
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Self.insert("a", into: backend, after: gate)
            try await Self.waitUntil(backend, isBusy: true)
            let waiting = try await Self.queue(["b", "c", "d"], on: backend)

            // when the first finishes its work
            open.finish()

            // then every write returns, all of them committed by one commit
            try await held.value
            for write in waiting { try await write.value }
            #expect(try await Self.rows(in: backend) == ["a", "b", "c", "d"])
            #expect(await backend.writer.commits - commitsBefore == 1)
        }
    }

    @Test("A write that fails in a batch rolls back only its own work; the others commit and its caller gets its error")
    func failingWriteRollsBackItsOwnWork() async throws {
        try await Self.withDatabase { backend in
            // given a write holding the writer, a write waiting that will fail after inserting, and one after it
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Self.insert("a", into: backend, after: gate)
            try await Self.waitUntil(backend, isBusy: true)
            let failing = Task {
                try await backend.withWriteTransaction(priority: .routine) { database in
                    try await database.raw("INSERT INTO calls (id) VALUES ('b')").run()
                    throw Refused(id: "b")
                }
            }
            while await backend.writer.waitingCount < 1 { await Task.yield() }
            let after = try await Self.queue(["c"], on: backend, alreadyWaiting: 1)

            // when the batch runs
            open.finish()

            // then the failing write's caller gets its error and its row is not there; the others' rows are
            try await held.value
            try await after[0].value
            await #expect(throws: Refused(id: "b")) { try await failing.value }
            #expect(try await Self.rows(in: backend) == ["a", "c"])
        }
    }

    @Test("A batch whose transaction SQLite rolled back as a whole fails every write in it; the next write succeeds")
    func lostBatchFailsEveryWriteInIt() async throws {
        try await Self.withDatabase { backend in
            // given a batch of two writes, then one that ends the whole transaction (as SQLite does on an I/O error),
            // and one more write waiting
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Self.insert("a", into: backend, after: gate)
            try await Self.waitUntil(backend, isBusy: true)
            let second = try await Self.queue(["b"], on: backend)
            let breaking = Task {
                try await backend.withWriteTransaction(priority: .routine) { database in
                    try await database.raw("ROLLBACK").run()
                    throw Refused(id: "c")
                }
            }
            while await backend.writer.waitingCount < 2 { await Task.yield() }
            let next = try await Self.queue(["d"], on: backend, alreadyWaiting: 2)

            // when the batch runs
            open.finish()

            // then the writes of the lost batch all fail, none of their rows is there, and the next write commits
            await #expect(throws: Refused(id: "c")) { try await held.value }
            await #expect(throws: Refused(id: "c")) { try await second[0].value }
            await #expect(throws: Refused(id: "c")) { try await breaking.value }
            try await next[0].value
            #expect(try await Self.rows(in: backend) == ["d"])
        }
    }

    @Test("Once an emergency is in a batch only emergencies join it: routine writes wait for the next commit")
    func routineWritesDoNotDelayAnEmergencysCommit() async throws {
        try await Self.withDatabase { backend in
            // given a routine write holding the writer, then a routine write and an emergency waiting
            let commitsBefore = await backend.writer.commits
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Self.insert("a", into: backend, after: gate)
            try await Self.waitUntil(backend, isBusy: true)
            let routine = try await Self.queue(["r"], on: backend)
            let urgent = try await Self.queue(["u"], on: backend, priority: .urgent, alreadyWaiting: 1)

            // when the first finishes its work
            open.finish()

            // then the emergency joins its batch, which commits without the routine write; that one commits next
            try await held.value
            try await urgent[0].value
            try await routine[0].value
            #expect(try await Self.rows(in: backend) == ["a", "r", "u"])
            #expect(await backend.writer.commits - commitsBefore == 2)
        }
    }

    @Test("A borrower that needs the writer to itself never joins a batch: the open transaction commits first")
    func exclusiveBorrowerWaitsForTheCommit() async throws {
        try await Self.withDatabase { backend in
            // given a write holding the writer, a write waiting, then a migration, then another write
            let commitsBefore = await backend.writer.commits
            let log = Log()
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Self.insert("a", into: backend, after: gate)
            try await Self.waitUntil(backend, isBusy: true)
            let joining = try await Self.queue(["b"], on: backend)
            let migration = Task {
                try await backend.withWriter(priority: .routine) { database in
                    // Fails if a transaction were still open on the connection.
                    try await database.raw("BEGIN IMMEDIATE").run()
                    log.append("migration sees \(try await Self.rows(on: database))")
                    try await database.raw("COMMIT").run()
                }
            }
            while await backend.writer.waitingCount < 2 { await Task.yield() }
            let later = try await Self.queue(["d"], on: backend, alreadyWaiting: 2)

            // when the first finishes its work
            open.finish()

            // then the first two commit together, the migration runs with no transaction open, and the last write
            // commits on its own after it
            try await held.value
            try await joining[0].value
            try await migration.value
            try await later[0].value
            #expect(log.all == [#"migration sees ["a", "b"]"#])
            #expect(try await Self.rows(in: backend) == ["a", "b", "d"])
            #expect(await backend.writer.commits - commitsBefore == 2)
        }
    }

    // MARK: - Helpers

    static func withDatabase(_ body: (SQLiteBackend) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID()).sqlite").path
        let backend = try await SQLiteBackend.open(path: path, readerCount: 1)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            try await backend.withWriter { try await $0.raw("CREATE TABLE calls (id TEXT PRIMARY KEY)").run() }
            try await body(backend)
        } catch {
            try? await backend.shutdown()
            throw error
        }
        try await backend.shutdown()
    }

    /// A write inserting `id` that holds the writer until `gate` finishes.
    static func insert(_ id: String, into backend: SQLiteBackend, after gate: AsyncStream<Void>) -> Task<
        Void, any Error
    > {
        Task {
            try await backend.withWriteTransaction(priority: .routine) { database in
                try await database.raw("INSERT INTO calls (id) VALUES (\(bind: id))").run()
                for await _ in gate {}
            }
        }
    }

    /// Writes inserting `ids`, each waiting for the writer in turn.
    static func queue(
        _ ids: [String], on backend: SQLiteBackend, priority: WritePriority = .routine, alreadyWaiting: Int = 0
    ) async throws -> [Task<Void, any Error>] {
        var tasks: [Task<Void, any Error>] = []
        for id in ids {
            tasks.append(
                Task {
                    try await backend.withWriteTransaction(priority: priority) { database in
                        try await database.raw("INSERT INTO calls (id) VALUES (\(bind: id))").run()
                    }
                })
            while await backend.writer.waitingCount < alreadyWaiting + tasks.count { await Task.yield() }
        }
        return tasks
    }

    /// Waits until the writer is lent out: a write that arrives now waits for it.
    static func waitUntil(_ backend: SQLiteBackend, isBusy: Bool) async throws {
        while await backend.writer.isBusy != isBusy { await Task.yield() }
    }

    static func rows(in backend: SQLiteBackend) async throws -> [String] {
        try await backend.withReader { try await rows(on: $0) }
    }

    static func rows(on database: any SQLDatabase) async throws -> [String] {
        try await database.raw("SELECT id FROM calls ORDER BY id").all().map {
            try $0.decode(column: "id", as: String.self)
        }
    }
}
