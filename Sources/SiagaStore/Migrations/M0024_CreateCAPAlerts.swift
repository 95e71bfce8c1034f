import SQLKit

/// The CAP 1.2 alerts regions issue: each message (alert, update, cancel) as issued, its XML as served, and which
/// later message replaced it.
struct M0024_CreateCAPAlerts: Migration {
    let version = 24
    let name = "create CAP alerts"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        let int = schema.int
        for statement: SQLQueryString in [
            """
            CREATE TABLE cap_alerts (
                identifier TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                message_type TEXT NOT NULL,
                sent_at_ms \(unsafeRaw: int) NOT NULL,
                expires_at_ms \(unsafeRaw: int) NOT NULL,
                replaced_by TEXT,
                issued_by TEXT NOT NULL,
                alert TEXT NOT NULL,
                xml TEXT NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """,
            "CREATE INDEX cap_alerts_region ON cap_alerts (region_code, sent_at_ms)",
        ] {
            try await database.raw(statement).run()
        }
    }
}
