import SQLKit

/// One row that readiness rewrites after a write failed for want of disk space, to learn whether writes succeed
/// again without waiting for a client's. The probe fills `padding` and empties it again in one transaction, so it
/// needs new pages as an ordinary write does and leaves nothing behind.
struct M0020_CreateWriteProbe: Migration {
    let version = 20
    let name = "create the write probe"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE write_probe (
                id \(unsafeRaw: schema.int) PRIMARY KEY,
                written_at_ms \(unsafeRaw: schema.int) NOT NULL,
                padding \(unsafeRaw: schema.dialect == .sqlite ? "BLOB" : "BYTEA")
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("INSERT INTO write_probe (id, written_at_ms) VALUES (1, 0)").run()
    }
}
