import SQLKit

/// The incident projection (queryable columns plus the whole state as JSON) and the per-region daily sequence
/// behind incident numbers.
struct M0003_CreateIncidents: Migration {
    let version = 3
    let name = "create incidents"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                region_code TEXT NOT NULL REFERENCES regions (code),
                status TEXT NOT NULL,
                category TEXT,
                subcategory TEXT,
                priority TEXT NOT NULL,
                search_text TEXT NOT NULL,
                caller_number TEXT,
                created_at_ms \(unsafeRaw: schema.int) NOT NULL,
                updated_at_ms \(unsafeRaw: schema.int) NOT NULL,
                version \(unsafeRaw: schema.int) NOT NULL,
                state TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX incidents_region_created ON incidents (region_code, created_at_ms, id)")
            .run()
        try await database.raw("CREATE INDEX incidents_status ON incidents (region_code, status)").run()
        try await database.raw(
            """
            CREATE TABLE incident_sequences (
                region_code TEXT NOT NULL,
                local_day TEXT NOT NULL,
                last_sequence \(unsafeRaw: schema.int) NOT NULL,
                PRIMARY KEY (region_code, local_day)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
