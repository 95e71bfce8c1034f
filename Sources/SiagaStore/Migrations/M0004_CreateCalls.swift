import SQLKit

/// The call projection. `callback_open` and `callback_due_ms` serve the call-back work list.
struct M0004_CreateCalls: Migration {
    let version = 4
    let name = "create calls"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE calls (
                id TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                channel TEXT NOT NULL,
                caller_number TEXT,
                ring_at_ms \(unsafeRaw: schema.int) NOT NULL,
                disposition TEXT,
                incident_id TEXT REFERENCES incidents (id),
                callback_open \(unsafeRaw: schema.int) NOT NULL,
                callback_due_ms \(unsafeRaw: schema.int),
                version \(unsafeRaw: schema.int) NOT NULL,
                state TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX calls_region_ring ON calls (region_code, ring_at_ms, id)").run()
        try await database.raw("CREATE INDEX calls_caller ON calls (caller_number, ring_at_ms)").run()
        try await database.raw("CREATE INDEX calls_callback ON calls (region_code, callback_open, callback_due_ms)")
            .run()
    }
}
