import SQLKit

struct M0001_CreateRegionsAndAgencies: Migration {
    let version = 1
    let name = "create regions and agencies"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE regions (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                policy TEXT NOT NULL,
                categories TEXT NOT NULL,
                created_at_ms \(unsafeRaw: schema.int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw(
            """
            CREATE TABLE agencies (
                id TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                phone TEXT,
                active \(unsafeRaw: schema.int) NOT NULL,
                UNIQUE (region_code, code)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
