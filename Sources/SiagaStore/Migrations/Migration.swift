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
    /// A 64-bit floating-point column (PostgreSQL's `REAL` is only 32 bits).
    public var double: String { dialect == .sqlite ? "REAL" : "DOUBLE PRECISION" }
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
            // Two instances starting together: the second waits here, then finds nothing left to apply.
            guard backend.dialect == .postgres else {
                return try await applyPending(migrations, backend, database, schema, now)
            }
            try await database.raw("SELECT pg_advisory_lock(hashtext(current_schema() || ':siaga-migrate'))").run()
            do {
                let done = try await applyPending(migrations, backend, database, schema, now)
                try await database.raw("SELECT pg_advisory_unlock(hashtext(current_schema() || ':siaga-migrate'))")
                    .run()
                return done
            } catch {
                try? await database.raw("SELECT pg_advisory_unlock(hashtext(current_schema() || ':siaga-migrate'))")
                    .run()
                throw error
            }
        }
    }

    private static func applyPending(
        _ migrations: [any Migration], _ backend: any DatabaseBackend, _ database: any SQLDatabase,
        _ schema: SchemaDialect, _ now: Date
    ) async throws -> [Int] {
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
            try await backend.inTransaction(database) {
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

    /// The versions recorded as applied, ascending.
    public static func appliedVersions(_ backend: any DatabaseBackend) async throws -> [Int] {
        try await backend.withReader { database in
            try await database.raw("SELECT version FROM schema_migrations ORDER BY version").all().map {
                try $0.decode(column: "version", as: Int.self)
            }
        }
    }
}
