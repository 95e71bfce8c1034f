import SQLKit

/// The append-only timeline of every stream (incidents, calls). `id` is the global, strictly increasing event id
/// that the live feed resumes from; `(stream_type, stream_id, version)` is unique, the backstop of optimistic
/// concurrency.
struct M0002_CreateEventLog: Migration {
    let version = 2
    let name = "create event log"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE events (
                id \(unsafeRaw: schema.serialPrimaryKey),
                stream_type TEXT NOT NULL,
                stream_id TEXT NOT NULL,
                version \(unsafeRaw: schema.int) NOT NULL,
                region_code TEXT NOT NULL,
                type TEXT NOT NULL,
                at_ms \(unsafeRaw: schema.int) NOT NULL,
                actor TEXT NOT NULL,
                payload TEXT NOT NULL,
                UNIQUE (stream_type, stream_id, version)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX events_region_id ON events (region_code, id)").run()
    }
}
