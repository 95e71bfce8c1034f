import SQLKit

/// Who has a live console open, as each server instance reports it, so the supervisor of a province with
/// several instances sees every console, not only those on the instance that answers.
struct M0016_CreateConsolePresence: Migration {
    let version = 16
    let name = "create console presence"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE console_presence (
                instance_id TEXT NOT NULL,
                principal TEXT NOT NULL,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                agency_id TEXT,
                jurisdiction TEXT NOT NULL,
                connections \(unsafeRaw: schema.int) NOT NULL,
                since_ms \(unsafeRaw: schema.int) NOT NULL,
                seen_at_ms \(unsafeRaw: schema.int) NOT NULL,
                PRIMARY KEY (instance_id, principal)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
