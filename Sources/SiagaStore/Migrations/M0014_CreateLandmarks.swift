import SQLKit

/// Each region's landmarks, for place search.
struct M0014_CreateLandmarks: Migration {
    let version = 14
    let name = "create landmarks"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE landmarks (
                region_code TEXT NOT NULL REFERENCES regions (code),
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                latitude \(unsafeRaw: schema.double) NOT NULL,
                longitude \(unsafeRaw: schema.double) NOT NULL,
                PRIMARY KEY (region_code, name)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
