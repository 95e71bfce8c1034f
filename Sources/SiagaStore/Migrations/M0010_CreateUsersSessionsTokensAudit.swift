import SQLKit

/// People, their console sessions, integrations' API tokens, and the append-only audit log.
///
/// Session and token secrets are stored only as SHA-256 hashes: a copy of the database signs nobody in.
struct M0010_CreateUsersSessionsTokensAudit: Migration {
    let version = 10
    let name = "create users, sessions, api tokens and audit log"

    func apply(to database: any SQLDatabase, schema: SchemaDialect) async throws {
        for statement in tables(schema) + appendOnly(schema) {
            try await database.raw(SQLQueryString(statement)).run()
        }
    }

    private func tables(_ schema: SchemaDialect) -> [String] {
        let int = schema.int
        return [
            """
            CREATE TABLE users (
                username TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                jurisdiction TEXT NOT NULL,
                agency_id TEXT REFERENCES agencies (id),
                unit_ids TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                disabled_at_ms \(int),
                created_at_ms \(int) NOT NULL,
                updated_at_ms \(int) NOT NULL
            )\(schema.tableOptions)
            """,
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                secret_hash TEXT NOT NULL UNIQUE,
                username TEXT NOT NULL REFERENCES users (username),
                csrf_token TEXT NOT NULL,
                created_at_ms \(int) NOT NULL,
                last_seen_at_ms \(int) NOT NULL,
                expires_at_ms \(int) NOT NULL,
                revoked_at_ms \(int),
                address TEXT,
                user_agent TEXT
            )\(schema.tableOptions)
            """,
            "CREATE INDEX sessions_user ON sessions (username, revoked_at_ms)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                jurisdiction TEXT NOT NULL,
                agency_id TEXT REFERENCES agencies (id),
                permissions TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at_ms \(int) NOT NULL,
                revoked_at_ms \(int),
                last_used_at_ms \(int)
            )\(schema.tableOptions)
            """,
            """
            CREATE TABLE audit_log (
                id \(schema.serialPrimaryKey),
                at_ms \(int) NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                region_code TEXT,
                address TEXT,
                detail TEXT
            )\(schema.tableOptions)
            """,
            "CREATE INDEX audit_time ON audit_log (at_ms)",
            "CREATE INDEX audit_action_target ON audit_log (action, target, at_ms)",
            "CREATE INDEX audit_action_address ON audit_log (action, address, at_ms)",
        ]
    }

    /// The audit log only grows: the database itself refuses to change or delete an entry.
    private func appendOnly(_ schema: SchemaDialect) -> [String] {
        switch schema.dialect {
        case .sqlite:
            [
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """,
            ]
        }
    }
}
