import SQLKit

/// Every call reads its caller's recent calls and incidents in the region (repeat pranks, a caller reporting
/// again). With only the region-and-time indexes to choose from, that read scanned the whole window of the
/// region's calls: 100 ms a call on a year of a big region, 5 ms on an empty one. These indexes lead with the
/// caller, so the read costs the same however much history the region has.
struct M0018_IndexCallerHistory: Migration {
    let version = 18
    let name = "index calls and incidents by caller within a region"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            "CREATE INDEX calls_caller_region ON calls (caller_number, region_code, ring_at_ms, id)"
        ).run()
        try await database.raw(
            "CREATE INDEX incidents_caller_region ON incidents (caller_number, region_code, created_at_ms)"
        ).run()
    }
}
