import SQLKit

/// Responses to writes that carried an `Idempotency-Key`, stored in the write's own transaction so that a
/// retry after a crash or a lost response gets the same answer and never writes twice.
struct M0005_CreateIdempotencyKeys: Migration {
    let version = 5
    let name = "create idempotency keys"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE idempotency_keys (
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                status \(unsafeRaw: schema.int) NOT NULL,
                body TEXT NOT NULL,
                location TEXT,
                created_at_ms \(unsafeRaw: schema.int) NOT NULL,
                PRIMARY KEY (scope, key)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
    }
}
