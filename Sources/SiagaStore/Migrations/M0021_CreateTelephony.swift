import SQLKit

/// Calls from the phone network: each person's phone and whether it is registered, each call the switch reported
/// with its SIP Call-ID and trunk, and every step the switch reported, numbered per run of the switch so a repeat or a replay after an
/// outage is recorded once (with what became of it: recorded, or refused and why).
struct M0021_CreateTelephony: Migration {
    let version = 21
    let name = "create telephony"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        let int = schema.int
        for statement: SQLQueryString in [
            "ALTER TABLE users ADD COLUMN phone TEXT",
            "CREATE INDEX users_phone ON users (phone)",
            """
            CREATE TABLE switch_calls (
                sip_call_id TEXT PRIMARY KEY,
                call_id TEXT NOT NULL REFERENCES calls (id),
                region_code TEXT NOT NULL REFERENCES regions (code),
                trunk TEXT NOT NULL,
                offered_at_ms \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX switch_calls_trunk ON switch_calls (region_code, trunk, offered_at_ms)",
            """
            CREATE TABLE switch_events (
                source TEXT NOT NULL,
                seq \(unsafeRaw: int) NOT NULL,
                sip_call_id TEXT NOT NULL,
                step TEXT NOT NULL,
                at_ms \(unsafeRaw: int) NOT NULL,
                recorded_at_ms \(unsafeRaw: int) NOT NULL,
                outcome TEXT NOT NULL,
                PRIMARY KEY (source, seq)
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX switch_events_call ON switch_events (sip_call_id, seq)",
            """
            CREATE TABLE phone_registrations (
                phone TEXT PRIMARY KEY,
                contacts \(unsafeRaw: int) NOT NULL,
                until_ms \(unsafeRaw: int),
                reported_at_ms \(unsafeRaw: int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
        ] {
            try await database.raw(statement).run()
        }
    }
}
