import Foundation
public import SiagaCore
public import SiagaStore

/// A new, migrated database for one test, removed by ``destroy()``.
///
/// SQLite by default: a temporary file, the same WAL path as production. With `SIAGA_TEST_POSTGRES_URL` set,
/// PostgreSQL instead: a schema of its own in that database, so the same behaviour suite runs on both.
public struct TestDatabase: Sendable {
    /// The SQLite file, or (on PostgreSQL) a temporary path for files kept beside the database (attachments).
    public let path: String
    public let store: SQLStore
    /// The PostgreSQL schema holding this database, when on PostgreSQL.
    public let postgresSchema: String?

    /// The PostgreSQL server the suite runs against, if any.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SIAGA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates and migrates a new database. With `regions`, registers them with the default categories, the
    /// agencies of ``Agency/fixtures(in:)`` and (in Sidoarjo) the units of ``ResponseUnit/demo``.
    /// `migrations` stops the schema at an earlier step, for tests of the steps after it.
    public static func make(
        regions: [Region] = [.sidoarjo], migrations: [any Migration] = AllMigrations.list
    ) async throws -> TestDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "siaga-test-\(UUID().uuidString).sqlite"
        ).path
        var schema: String?
        let backend: any DatabaseBackend
        if let url = postgresURL {
            let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresBackend.createSchema(name, url: url)
            schema = name
            backend = try await PostgresBackend.open(
                url: url, settings: .init(maxConnections: 3, schema: name, applicationName: name))
        } else {
            backend = try await SQLiteBackend.open(path: path, readerCount: 2)
        }
        let database = TestDatabase(path: path, store: SQLStore(backend: backend), postgresSchema: schema)
        do {
            try await MigrationRunner.migrate(backend, migrations: migrations)
            try await database.register(regions)
            return database
        } catch {
            try? await database.destroy()
            throw error
        }
    }

    private func register(_ regions: [Region]) async throws {
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
    }

    /// A second, independent connection to the same database, as another process or a restarted server has.
    public func reopen(readerCount: Int = 1) async throws -> any DatabaseBackend {
        if let url = Self.postgresURL, let postgresSchema {
            return try await PostgresBackend.open(
                url: url, settings: .init(maxConnections: 3, schema: postgresSchema, applicationName: postgresSchema))
        }
        return try await SQLiteBackend.open(path: path, readerCount: readerCount)
    }

    /// Closes the database and deletes it.
    public func destroy() async throws {
        try await store.backend.shutdown()
        try await remove()
    }

    /// Deletes the database, already closed.
    public func remove() async throws {
        if let url = Self.postgresURL, let postgresSchema {
            try await PostgresBackend.dropSchema(postgresSchema, url: url)
        }
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
