import SQLKit

/// Which agencies each incident was sent to, so an agency's console lists its incidents with one index lookup.
/// Filled from the projections already stored.
struct M0011_CreateIncidentAgencies: Migration {
    let version = 11
    let name = "create incident agencies"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE incident_agencies (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                agency_id TEXT NOT NULL,
                PRIMARY KEY (incident_id, agency_id)
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX incident_agencies_agency ON incident_agencies (agency_id, incident_id)")
            .run()
        let backfill: SQLQueryString =
            switch schema.dialect {
            case .sqlite:
                """
                INSERT OR IGNORE INTO incident_agencies (incident_id, agency_id)
                SELECT incidents.id, json_extract(dispatch.value, '$.agencyID')
                FROM incidents, json_each(incidents.state, '$.dispatches') AS dispatch
                """
            case .postgres:
                """
                INSERT INTO incident_agencies (incident_id, agency_id)
                SELECT incidents.id, dispatch ->> 'agencyID'
                FROM incidents, jsonb_array_elements(incidents.state::jsonb -> 'dispatches') AS dispatch
                ON CONFLICT DO NOTHING
                """
            }
        try await database.raw(backfill).run()
    }
}
