import Foundation
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("A fresh database reaches the latest version with contiguous step numbers")
    func freshDatabaseReachesLatest() async throws {
        try await TestDatabase.with { database in
            // when
            let versions = try await MigrationRunner.appliedVersions(database.store.backend)
            // then
            #expect(versions == Array(1...AllMigrations.list.count))
            #expect(AllMigrations.list.map(\.version) == Array(1...AllMigrations.list.count))
        }
    }

    @Test("Running migrations again applies nothing")
    func rerunIsNoOp() async throws {
        try await TestDatabase.with { database in
            // when
            let applied = try await MigrationRunner.migrate(database.store.backend)
            // then
            #expect(applied.isEmpty)
        }
    }
}
