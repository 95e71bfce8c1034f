import SQLKit

/// Incident search text no longer carries the caller's number (it is searched in `caller_number`, only for those
/// who may see it); this removes it from rows written before.
struct M0013_RemoveCallerNumbersFromSearchText: Migration {
    let version = 13
    let name = "remove caller numbers from search text"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            UPDATE incidents SET search_text = replace(search_text, lower(caller_number), '')
            WHERE caller_number IS NOT NULL
            """
        ).run()
    }
}
