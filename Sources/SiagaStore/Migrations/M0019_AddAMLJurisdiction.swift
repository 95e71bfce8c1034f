import SQLKit

/// A message held for a number with no call yet attaches to the next call from that number, but only within the
/// reach of the gateway that submitted it: one region's gateway must not place positions on another region's calls.
/// Messages recorded before this step have no jurisdiction and attach nowhere (the hold window is minutes).
struct M0019_AddAMLJurisdiction: Migration {
    let version = 19
    let name = "record the jurisdiction that submitted each aml message"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw("ALTER TABLE aml_messages ADD COLUMN jurisdiction TEXT").run()
    }
}
