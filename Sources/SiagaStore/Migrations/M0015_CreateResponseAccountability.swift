import Foundation
import SQLKit
import SiagaCore

/// Response-time accountability: each region's policy versions; `response_intervals`, one row per timed step of
/// an incident (the projection KPIs and the SLA engine read); and the answer time and call taker of each call.
/// Rows for incidents and calls recorded before are derived from their stored state, against the defaults.
struct M0015_CreateResponseAccountability: Migration {
    let version = 15
    let name = "create response accountability"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE response_policy_versions (
                region_code TEXT NOT NULL REFERENCES regions (code),
                version \(unsafeRaw: schema.int) NOT NULL,
                document TEXT NOT NULL,
                author TEXT NOT NULL,
                at_ms \(unsafeRaw: schema.int) NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (region_code, version)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw(
            """
            CREATE TABLE response_intervals (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                step TEXT NOT NULL,
                agency_id TEXT NOT NULL,
                started_at_ms \(unsafeRaw: schema.int) NOT NULL,
                done_at_ms \(unsafeRaw: schema.int),
                running \(unsafeRaw: schema.int) NOT NULL,
                target_s \(unsafeRaw: schema.int) NOT NULL,
                breached \(unsafeRaw: schema.int) NOT NULL,
                declined \(unsafeRaw: schema.int) NOT NULL,
                next_due_ms \(unsafeRaw: schema.int),
                policy_version \(unsafeRaw: schema.int) NOT NULL,
                region_code TEXT NOT NULL,
                priority TEXT NOT NULL,
                category TEXT,
                kecamatan_code TEXT,
                call_taker TEXT NOT NULL,
                PRIMARY KEY (incident_id, step, agency_id, started_at_ms)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw(
            "CREATE INDEX response_intervals_region_start ON response_intervals (region_code, started_at_ms)"
        ).run()
        try await database.raw(
            "CREATE INDEX response_intervals_due ON response_intervals (next_due_ms) WHERE next_due_ms IS NOT NULL"
        ).run()
        try await database.raw(
            "CREATE INDEX response_intervals_running ON response_intervals (region_code, running)"
        ).run()
        try await database.raw("ALTER TABLE calls ADD COLUMN answered_at_ms \(unsafeRaw: schema.int)").run()
        try await database.raw("ALTER TABLE calls ADD COLUMN call_taker TEXT").run()
        try await backfill(database, schema: schema)
    }

    private func backfill(_ database: any SQLDatabase, schema: SchemaDialect) async throws {
        let transaction = WriteTransaction(database: database, dialect: schema.dialect)
        for row in try await database.raw("SELECT state FROM calls").all() {
            let call = try StoredJSON.decode(Call.self, from: try row.decode(column: "state", as: String.self))
            try await transaction.updateCallAnswer(call)
        }
        for row in try await database.raw("SELECT state FROM incidents").all() {
            let incident = try StoredJSON.decode(Incident.self, from: try row.decode(column: "state", as: String.self))
            try await transaction.recordResponseIntervals(of: incident)
        }
    }
}
