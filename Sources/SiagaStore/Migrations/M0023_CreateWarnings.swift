import SQLKit

/// Warnings from other systems: each BMKG quake as each served region saw it (its events are in the log, this is
/// the board's list), each region's quake thresholds, what each feed answered when last read, and every entry of
/// a feed that was refused, with its reason.
struct M0023_CreateWarnings: Migration {
    let version = 23
    let name = "create warnings"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        let int = schema.int
        for statement: SQLQueryString in [
            """
            CREATE TABLE warnings (
                stream_id TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                source TEXT NOT NULL,
                reference TEXT NOT NULL,
                verdict TEXT NOT NULL,
                occurred_at_ms \(unsafeRaw: int) NOT NULL,
                received_at_ms \(unsafeRaw: int) NOT NULL,
                incident_id TEXT REFERENCES incidents (id),
                document TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX warnings_region ON warnings (region_code, received_at_ms)",
            "CREATE UNIQUE INDEX warnings_reference ON warnings (source, reference, region_code)",
            """
            CREATE TABLE quake_thresholds (
                region_code TEXT PRIMARY KEY REFERENCES regions (code),
                document TEXT NOT NULL,
                updated_at_ms \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            """
            CREATE TABLE feed_reads (
                feed TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                checked_at_ms \(unsafeRaw: int) NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT,
                quakes \(unsafeRaw: int) NOT NULL,
                refusals \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            """
            CREATE TABLE feed_refusals (
                fingerprint TEXT PRIMARY KEY,
                feed TEXT NOT NULL,
                at_ms \(unsafeRaw: int) NOT NULL,
                entry \(unsafeRaw: int) NOT NULL,
                event_id TEXT,
                reason TEXT NOT NULL,
                field TEXT NOT NULL,
                value TEXT
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX feed_refusals_at ON feed_refusals (at_ms)",
        ] {
            try await database.raw(statement).run()
        }
    }
}
