import SQLKit

/// The kecamatan and desa of each onboarded region, from the Kemendagri reference list.
struct M0007_CreateWilayah: Migration {
    let version = 7
    let name = "create wilayah"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        try await database.raw(
            """
            CREATE TABLE wilayah (
                code TEXT PRIMARY KEY,
                region_code TEXT NOT NULL REFERENCES regions (code),
                name TEXT NOT NULL,
                level \(unsafeRaw: schema.int) NOT NULL
            )\(unsafeRaw: schema.tableOptions)
            """
        ).run()
        try await database.raw("CREATE INDEX wilayah_region ON wilayah (region_code, level)").run()
    }
}
