import SQLKit

/// EIDO documents taken in as incidents, by the document's `$id`: the same document sent twice to a region makes one incident there.
struct M0025_CreateEIDOImports: Migration {
    let version = 25
    let name = "create EIDO imports"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE eido_imports (
                document_id TEXT NOT NULL,
                region_code TEXT NOT NULL REFERENCES regions (code),
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                at_ms \(unsafeRaw: schema.int) NOT NULL,
                PRIMARY KEY (document_id, region_code)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
