import SQLKit

/// Forwarding channels of agencies, their units, and the versioned responsibility matrix.
struct M0006_CreateUnitsAndMatrixVersions: Migration {
    let version = 6
    let name = "create units and matrix versions"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw("ALTER TABLE agencies ADD COLUMN channel TEXT NOT NULL DEFAULT 'console'").run()
        try await database.raw(
            """
            CREATE TABLE units (
                id TEXT PRIMARY KEY,
                agency_id TEXT NOT NULL REFERENCES agencies (id),
                callsign TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                state TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX units_agency ON units (agency_id)").run()
        try await database.raw(
            """
            CREATE TABLE matrix_versions (
                region_code TEXT NOT NULL REFERENCES regions (code),
                version \(unsafeRaw: schema.int) NOT NULL,
                document TEXT NOT NULL,
                author TEXT NOT NULL,
                at_ms \(unsafeRaw: schema.int) NOT NULL,
                reason TEXT NOT NULL,
                regulation TEXT,
                PRIMARY KEY (region_code, version)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
