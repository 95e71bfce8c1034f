import SQLKit

/// Shift patterns, the roster, agencies' on-duty marks and shift handovers.
struct M0012_CreateShiftsAndHandovers: Migration {
    let version = 12
    let name = "create shifts, roster, agency duty and handovers"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        let int = schema.int
        let statements = [
            """
            CREATE TABLE shift_patterns (
                region_code TEXT PRIMARY KEY REFERENCES regions (code),
                pattern TEXT NOT NULL,
                updated_at_ms \(int) NOT NULL
            )\(schema.tableOptions)
            """,
            """
            CREATE TABLE roster (
                region_code TEXT NOT NULL REFERENCES regions (code),
                shift_day TEXT NOT NULL,
                shift_code TEXT NOT NULL,
                username TEXT NOT NULL REFERENCES users (username),
                PRIMARY KEY (region_code, shift_day, shift_code, username)
            )\(schema.tableOptions)
            """,
            """
            CREATE TABLE agency_duty (
                id \(schema.serialPrimaryKey),
                agency_id TEXT NOT NULL REFERENCES agencies (id),
                username TEXT NOT NULL REFERENCES users (username),
                started_at_ms \(int) NOT NULL,
                ended_at_ms \(int)
            )\(schema.tableOptions)
            """,
            "CREATE INDEX agency_duty_open ON agency_duty (agency_id, ended_at_ms, started_at_ms)",
            """
            CREATE TABLE handovers (
                id TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                shift_day TEXT NOT NULL,
                shift_code TEXT NOT NULL,
                note TEXT NOT NULL,
                summary TEXT NOT NULL,
                written_by TEXT NOT NULL,
                written_at_ms \(int) NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at_ms \(int),
                acknowledgement_note TEXT
            )\(schema.tableOptions)
            """,
            "CREATE INDEX handovers_region ON handovers (region_code, written_at_ms)",
        ]
        for statement in statements { try await database.raw(SQLQueryString(statement)).run() }
    }
}
