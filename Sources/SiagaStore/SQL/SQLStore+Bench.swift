public import Foundation
import SQLKit
public import SiagaCore

extension SQLStore {
    /// The physical limit for `siaga bench`: one-row transactions committed one after the other for `duration`,
    /// on the same writer and with the same durability as every write; returns commits per second.
    public func measureRawCommits(for duration: Duration) async throws -> Double {
        try await backend.withWriter { database in
            try await database.raw(
                """
                CREATE TABLE IF NOT EXISTS bench_commits (
                    id \(unsafeRaw: SchemaDialect(dialect: backend.dialect).serialPrimaryKey), payload TEXT NOT NULL
                )
                """
            ).run()
        }
        let clock = ContinuousClock()
        let started = clock.now
        var commits = 0
        while clock.now - started < duration {
            try await backend.withWriter { database in
                try await backend.inTransaction(database) {
                    try await database.raw("INSERT INTO bench_commits (payload) VALUES ('one durable commit')").run()
                }
            }
            commits += 1
        }
        let elapsed = (clock.now - started).components
        return Double(commits) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }
}

extension SQLStore {
    /// The rows of each of `tables`, for `siaga bench`'s account of a database.
    public func rowCounts(_ tables: [String]) async throws -> [String: Int] {
        precondition(tables.allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "_" } }, "table names, not input")
        return try await read { reader in
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] = try await reader.database.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?
                    .decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// When the region's latest call rang.
    public func lastCallRing(in region: RegionCode) async throws -> Date? {
        try await read { reader in
            try await reader.database.raw(
                "SELECT MAX(ring_at_ms) AS last FROM calls WHERE region_code = \(bind: region.rawValue)"
            ).first()?.decode(column: "last", as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
    }
}
