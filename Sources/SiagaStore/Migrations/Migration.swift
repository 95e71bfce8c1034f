public import Foundation
public import SQLKit
import SiagaCore

/// One forward-only step of the schema. Steps are numbered from 1 without gaps and never edited once released.
public protocol Migration: Sendable {
    var version: Int { get }
    var name: String { get }
    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws
}

/// Column types and table options that differ between SQLite and PostgreSQL, for migrations to interpolate.
public struct SchemaDialect: Sendable {
    public let dialect: SQLStoreDialect

    /// A 64-bit integer column.
    public var int: String { dialect == .sqlite ? "INTEGER" : "BIGINT" }
    /// An auto-assigned, strictly increasing 64-bit primary key.
    public var serialPrimaryKey: String {
        dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
    }
    /// Appended after a `CREATE TABLE (…)`: SQLite's STRICT type checking.
    public var tableOptions: String { dialect == .sqlite ? " STRICT" : "" }
}

/// Applies migrations in order and records each in `schema_migrations`, in one transaction per step.
public enum MigrationRunner {
    /// Brings the database to the latest version; returns the versions it applied (empty when up to date).
    @discardableResult
    public static func migrate(
        _ backend: any DatabaseBackend,
        migrations: [any Migration] = AllMigrations.list,
        now: Date = Date()
    ) async throws -> [Int] {
        let schema = SchemaDialect(dialect: backend.dialect)
        return try await backend.withWriter { database in
            try await database.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version \(unsafeRaw: schema.int) PRIMARY KEY, name TEXT NOT NULL, applied_at_ms \(unsafeRaw: schema.int) NOT NULL
                )\(unsafeRaw: schema.tableOptions)
                """
            ).run()
            let applied = Set(
                try await database.raw("SELECT version FROM schema_migrations").all().map {
                    try $0.decode(column: "version", as: Int.self)
                })
            var done: [Int] = []
            for migration in migrations.sorted(by: { $0.version < $1.version })
            where !applied.contains(migration.version) {
                try await inTransaction(database, dialect: backend.dialect) {
                    try await migration.apply(to: database, schema: schema)
                    try await database.raw(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at_ms)
                        VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now.millisecondsSince1970))
                        """
                    ).run()
                }
                done.append(migration.version)
            }
            return done
        }
    }

    /// The versions recorded as applied, ascending.
    public static func appliedVersions(_ backend: any DatabaseBackend) async throws -> [Int] {
        try await backend.withReader { database in
            try await database.raw("SELECT version FROM schema_migrations ORDER BY version").all().map {
                try $0.decode(column: "version", as: Int.self)
            }
        }
    }
}

/// Runs `body` between BEGIN and COMMIT on `database`, rolling back when it throws.
func inTransaction<T>(
    _ database: any SQLDatabase,
    dialect: SQLStoreDialect,
    _ body: () async throws -> T
) async throws -> T {
    // IMMEDIATE takes SQLite's write lock at once, so a transaction never fails half-way on a busy database.
    try await database.raw(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
    do {
        let result = try await body()
        try await database.raw("COMMIT").run()
        return result
    } catch {
        try? await database.raw("ROLLBACK").run()
        throw error
    }
}
