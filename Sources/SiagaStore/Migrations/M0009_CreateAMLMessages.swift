import SQLKit

/// Every AML message received, accepted or not, so a rejected one is never silently lost.
struct M0009_CreateAMLMessages: Migration {
    let version = 9
    let name = "create aml messages"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE aml_messages (
                id \(unsafeRaw: schema.serialPrimaryKey),
                sender TEXT NOT NULL,
                received_at_ms \(unsafeRaw: schema.int) NOT NULL,
                status TEXT NOT NULL,
                reason TEXT,
                call_id TEXT REFERENCES calls (id),
                location TEXT,
                message TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX aml_sender ON aml_messages (sender, status, received_at_ms)").run()
    }
}
