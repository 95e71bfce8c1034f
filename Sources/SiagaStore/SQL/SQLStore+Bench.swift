public import Foundation
import SQLKit

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
