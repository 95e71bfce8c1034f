import Foundation
public import SiagaCore
public import SiagaStore

/// A migrated SQLite database in a temporary file, the same WAL path as production, removed by ``destroy()``.
public struct TestDatabase: Sendable {
    public let path: String
    public let store: SQLStore

    /// Creates and migrates a new database. With `regions`, registers them with the default categories, the
    /// agencies of ``Agency/fixtures(in:)`` and (in Sidoarjo) the units of ``ResponseUnit/demo``.
    public static func make(regions: [Region] = [.sidoarjo]) async throws -> TestDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "siaga-test-\(UUID().uuidString).sqlite"
        ).path
        let backend = try await SQLiteBackend.open(path: path, readerCount: 2)
        try await MigrationRunner.migrate(backend)
        let store = SQLStore(backend: backend)
        _ = try await store.write(now: .t0) { transaction in
            for region in regions {
                try await transaction.insertRegion(region, categories: .defaults, now: .t0)
                for agency in Agency.fixtures(in: region.code) { try await transaction.upsertAgency(agency) }
                for unit in ResponseUnit.demo where unit.id.rawValue.hasPrefix(region.code.compact) {
                    try await transaction.upsertUnit(unit)
                }
            }
            return StoredResponse(status: 200, body: "{}")
        }
        return TestDatabase(path: path, store: store)
    }

    /// Closes the database and deletes its files.
    public func destroy() async throws {
        try await store.backend.shutdown()
        for suffix in ["", "-wal", "-shm", "-attachments"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Runs `body` with a fresh database and destroys it afterwards, whatever happens.
    public static func with<T>(regions: [Region] = [.sidoarjo], _ body: (TestDatabase) async throws -> T) async throws
        -> T
    {
        let database = try await make(regions: regions)
        do {
            let result = try await body(database)
            try await database.destroy()
            return result
        } catch {
            try? await database.destroy()
            throw error
        }
    }
}

extension Agency {
    /// Damkar, BPBD, police and PSC 119 of a region, with ids `<compact code>-damkar` and so on.
    public static func fixtures(in region: RegionCode) -> [Agency] {
        [("damkar", AgencyKind.damkar), ("bpbd", .bpbd), ("polresta", .polisi), ("psc119", .ambulans)].map {
            code, kind in
            Agency(
                id: AgencyID("\(region.compact)-\(code)"), regionCode: region, code: code, name: code.uppercased(),
                kind: kind)
        }
    }
}
