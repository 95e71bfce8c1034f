import SQLKit

/// Siaga112 reaching agencies by itself: each agency's ladder of channels, the outbox of notices written with
/// each forward, and the key that signs their acknowledgements.
struct M0022_CreateNotices: Migration {
    let version = 22
    let name = "create notices"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        let int = schema.int
        for statement: SQLQueryString in [
            """
            CREATE TABLE notice_ladders (
                agency_id TEXT PRIMARY KEY REFERENCES agencies (id),
                region_code TEXT NOT NULL REFERENCES regions (code),
                rungs TEXT NOT NULL,
                updated_at_ms \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            """
            CREATE TABLE notices (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                region_code TEXT NOT NULL REFERENCES regions (code),
                agency_id TEXT NOT NULL REFERENCES agencies (id),
                rung \(unsafeRaw: int) NOT NULL,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                label TEXT,
                due_at_ms \(unsafeRaw: int) NOT NULL,
                state TEXT NOT NULL,
                attempts \(unsafeRaw: int) NOT NULL,
                reply_code TEXT NOT NULL,
                expires_at_ms \(unsafeRaw: int) NOT NULL,
                provider_reference TEXT,
                last_error TEXT,
                claimed_until_ms \(unsafeRaw: int) NOT NULL,
                created_at_ms \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX notices_due ON notices (state, due_at_ms)",
            "CREATE INDEX notices_incident ON notices (incident_id, agency_id)",
            "CREATE INDEX notices_provider ON notices (channel, provider_reference)",
            "CREATE INDEX notices_reply ON notices (channel, reply_code, state)",
            """
            CREATE TABLE notice_keys (
                id \(unsafeRaw: int) PRIMARY KEY,
                secret TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
        ] {
            try await database.raw(statement).run()
        }
    }
}
