import SQLKit

/// Agencies' posts (posko), where units wait.
struct M0008_CreatePosko: Migration {
    let version = 8
    let name = "create posko"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE posko (
                id TEXT PRIMARY KEY,
                agency_id TEXT NOT NULL REFERENCES agencies (id),
                state TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX posko_agency ON posko (agency_id)").run()
    }
}
