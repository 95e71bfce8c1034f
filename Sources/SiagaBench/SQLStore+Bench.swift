import Foundation
import SQLKit
import SiagaCore
import SiagaStore

extension SQLStore {
    /// The physical limit for `siaga bench`: one-row transactions committed one after the other for `duration`,
    /// on the same writer and with the same durability as every write; returns commits per second. It writes into
    /// a table of its own, `bench_commits`, in the bench's own throwaway database.
    func measureRawCommits(for duration: Duration) async throws -> Double {
        let key = backend.dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        try await backend.withWriter { database in
            try await database.raw(
                "CREATE TABLE IF NOT EXISTS bench_commits (id \(unsafeRaw: key), payload TEXT NOT NULL)"
            ).run()
        }
        let clock = ContinuousClock()
        let started = clock.now
        var commits = 0
        while clock.now - started < duration {
            try await backend.withWriter(priority: .routine) { database in
                for statement in backend.transactionStart { try await database.raw("\(unsafeRaw: statement)").run() }
                try await database.raw("INSERT INTO bench_commits (payload) VALUES ('one durable commit')").run()
                try await database.raw("COMMIT").run()
            }
            commits += 1
        }
        return Double(commits) / (clock.now - started).seconds
    }

    /// The rows of each of `tables`, for `siaga bench`'s account of a database.
    func rowCounts(_ tables: [String]) async throws -> [String: Int] {
        precondition(tables.allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "_" } }, "table names, not input")
        return try await backend.withReader { database in
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] = try await database.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?
                    .decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// When the region's latest call rang.
    func lastCallRing(in region: RegionCode) async throws -> Date? {
        try await backend.withReader { database in
            try await database.raw(
                "SELECT MAX(ring_at_ms) AS last FROM calls WHERE region_code = \(bind: region.rawValue)"
            ).first()?.decode(column: "last", as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
    }
}
