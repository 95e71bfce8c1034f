import SQLKit

/// The calls report reads five columns of every call in its period; a year of a big region is two million calls
/// whose rows also carry their JSON state. An index holding those columns answers the report without touching
/// the rows, and still serves the call lists ordered by ring time that the index it replaces served.
struct M0017_CoverCallReports: Migration {
    let version = 17
    let name = "cover the calls report with an index"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE INDEX calls_region_ring_report
            ON calls (region_code, ring_at_ms, id, answered_at_ms, disposition, channel, call_taker)
            """
        ).run()
        try await database.raw("DROP INDEX calls_region_ring").run()
    }
}
