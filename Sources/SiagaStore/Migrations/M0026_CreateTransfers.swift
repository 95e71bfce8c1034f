import SQLKit

/// Handovers to neighbouring 112 centers: the requests an incident here made (for the answer timer and the answers
/// coming back), the requests received here (the call takers' tray), and the messages waiting to reach another
/// deployment, kept until it takes them.
struct M0026_CreateTransfers: Migration {
    let version = 26
    let name = "create transfers"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE transfers_out (
                transfer_id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                region_code TEXT NOT NULL REFERENCES regions (code),
                peer_region TEXT NOT NULL,
                state TEXT NOT NULL,
                answer_due_ms \(unsafeRaw: schema.int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX transfers_out_due ON transfers_out (state, answer_due_ms)").run()
        try await database.raw(
            """
            CREATE TABLE transfers_in (
                transfer_id TEXT NOT NULL,
                region_code TEXT NOT NULL REFERENCES regions (code),
                origin_region TEXT NOT NULL,
                state TEXT NOT NULL,
                received_at_ms \(unsafeRaw: schema.int) NOT NULL,
                version \(unsafeRaw: schema.int) NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (transfer_id, region_code)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw(
            "CREATE INDEX transfers_in_tray ON transfers_in (region_code, state, received_at_ms)"
        ).run()
        try await database.raw(
            """
            CREATE TABLE interop_outbox (
                id TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                peer_region TEXT NOT NULL,
                path TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at_ms \(unsafeRaw: schema.int) NOT NULL,
                attempts \(unsafeRaw: schema.int) NOT NULL,
                next_attempt_ms \(unsafeRaw: schema.int) NOT NULL,
                delivered_at_ms \(unsafeRaw: schema.int),
                failed_at_ms \(unsafeRaw: schema.int),
                last_error TEXT
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw(
            """
            CREATE INDEX interop_outbox_due ON interop_outbox (next_attempt_ms)
            WHERE delivered_at_ms IS NULL AND failed_at_ms IS NULL
            """
        ).run()
    }
}
