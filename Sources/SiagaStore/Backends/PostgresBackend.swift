import Foundation
public import Logging
import NIOCore
import PostgresKit
import PostgresNIO
public import SQLKit
public import ServiceLifecycle
import Synchronization

/// PostgreSQL 15 or newer, for a province or a national center with several server instances on one database.
///
/// Connections come from a bounded pool that replaces broken ones, so the server recovers by itself when the
/// database returns. Every connection has a statement timeout and an idle-in-transaction timeout. Write
/// transactions take one advisory lock (per schema), so across every instance events commit in the order of
/// their ids, exactly as with SQLite's single writer; reads run beside them. Commits are announced with
/// `NOTIFY siaga_commits`, and ``commitRelay(to:)`` turns other instances' announcements into wake-ups.
public final class PostgresBackend: DatabaseBackend {
    public struct Settings: Sendable {
        /// Connections this instance opens at most (reads and writes share them).
        public var maxConnections = 12
        /// How long to wait for the database to accept a connection.
        public var connectTimeout: Duration = .seconds(5)
        /// The longest one statement may run; a report query that needs longer is a bug to fix, not to wait for.
        public var statementTimeout: Duration = .seconds(30)
        /// The schema to use (the `search_path`); `nil` keeps the server's default (`public`).
        public var schema: String?
        /// How the connections name themselves in `pg_stat_activity`.
        public var applicationName = "siaga"

        public init(maxConnections: Int = 12, schema: String? = nil, applicationName: String = "siaga") {
            self.maxConnections = maxConnections
            self.schema = schema
            self.applicationName = applicationName
        }
    }

    /// The channel commits are announced on.
    static let commitChannel = "siaga_commits"

    public let dialect = SQLStoreDialect.postgres
    public let settings: Settings
    private let pool: PostgresConnectionPool
    private let logger: Logger

    /// Connects once to check the URL and the server, then keeps connecting on demand.
    public static func open(
        url: String,
        settings: Settings = Settings(),
        logger: Logger = Logger(label: "siaga.postgres")
    ) async throws -> PostgresBackend {
        let backend = try connecting(url: url, settings: settings, logger: logger)
        do {
            try await backend.withReader { _ = try await $0.raw("SELECT 1 AS one").first() }
        } catch {
            try? await backend.shutdown()
            let location = DatabaseLocation.postgres(url: url)
            if let refused = error as? PSQLError, let message = refused.serverInfo?[.message] {
                throw OpenFailure(description: "PostgreSQL at \(location) refused the connection: \(message)")
            }
            throw OpenFailure(
                description: "Cannot reach PostgreSQL at \(location): is the server running, and the address right?")
        }
        return backend
    }

    /// Why the database could not be opened, in words for whoever starts the server.
    public struct OpenFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A backend that connects only when first used (the server may be down now); throws only for a bad URL.
    public static func connecting(
        url: String,
        settings: Settings = Settings(),
        logger: Logger = Logger(label: "siaga.postgres")
    ) throws -> PostgresBackend {
        try PostgresBackend(url: url, settings: settings, logger: logger)
    }

    private init(url: String, settings: Settings, logger: Logger) throws {
        var configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        configuration.options.connectTimeout = .nanoseconds(
            Int64(settings.connectTimeout.components.seconds * 1_000_000_000))
        let timeout = "\(settings.statementTimeout.components.seconds)s"
        configuration.options.additionalStartupParameters =
            [
                ("application_name", settings.applicationName), ("statement_timeout", timeout),
                ("idle_in_transaction_session_timeout", timeout), ("TimeZone", "UTC"),
            ] + (settings.schema.map { [("search_path", $0)] } ?? [])
        self.settings = settings
        self.logger = logger
        self.pool = PostgresConnectionPool(configuration: configuration, limit: settings.maxConnections, logger: logger)
    }

    /// Streams the rows as the server sends them (a year of a region's steps is never held at once) and reads
    /// each value by position, without the generic row decoder.
    public func plainRows(
        _ query: SQLQueryString, columns: [PlainColumn], _ each: @escaping @Sendable ([PlainValue]) -> Void
    ) async throws {
        try await pool.withConnection { connection in
            var serializer = SQLSerializer(database: connection.sql())
            query.serialize(to: &serializer)
            var bindings = PostgresBindings(capacity: serializer.binds.count)
            for bind in serializer.binds {
                switch bind {
                case let text as String: bindings.append(text)
                case let number as Int64: bindings.append(number)
                case let number as Int: bindings.append(number)
                default: throw UnsupportedBind(type: "\(type(of: bind))")
                }
            }
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: serializer.sql, binds: bindings), logger: logger)
            for try await row in rows {
                var values: [PlainValue] = []
                values.reserveCapacity(columns.count)
                for (cell, column) in zip(row, columns) {
                    assert(cell.columnName == column.name, "select the columns in their order")
                    switch column.kind {
                    case .integer: values.append(try cell.decode(Int64?.self).map(PlainValue.integer) ?? .null)
                    case .text: values.append(try cell.decode(String?.self).map(PlainValue.text) ?? .null)
                    }
                }
                each(values)
            }
        }
    }

    /// A bulk read binds only text and integers.
    struct UnsupportedBind: Error, CustomStringConvertible {
        var type: String
        var description: String { "a bulk read cannot bind a value of type \(type)" }
    }

    public func withReader<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
    }

    public func withWriter<T>(priority: WritePriority, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection(priority: priority) { try await body($0.sql(queryLogLevel: .trace)) }
    }

    public var transactionStart: [String] {
        ["BEGIN", "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':siaga-write'))"]
    }

    public func commitRelay(to signal: CommitSignal) -> (any Service)? {
        CommitRelay(pool: pool, signal: signal, logger: logger)
    }

    /// Listens for other instances' commits on a dedicated connection until the service group shuts down.
    struct CommitRelay: Service {
        let pool: PostgresConnectionPool
        let signal: CommitSignal
        let logger: Logger

        func run() async {
            await cancelWhenGracefulShutdown {
                await PostgresBackend.listen(pool: pool, signal: signal, logger: logger)
            }
        }
    }

    /// Listens on a dedicated connection until cancelled, reconnecting after failures. Each (re)connection raises
    /// the signal once, since commits may have been missed while it was down.
    static func listen(pool: PostgresConnectionPool, signal: CommitSignal, logger: Logger) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let connection = try await pool.connect()
                do {
                    try await withTaskCancellationHandler {
                        try await connection.listen(on: commitChannel) { notifications in
                            signal.notify()
                            delay = .milliseconds(100)
                            for try await _ in notifications { signal.notify() }
                        }
                    } onCancel: {
                        connection.close().whenComplete { _ in }
                    }
                    try? await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("commit notifications interrupted; reconnecting", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// Creates an empty schema (a test's or a region's own namespace) if it does not exist.
    public static func createSchema(_ name: String, url: String) async throws {
        try await withBootstrap(url) { try await $0.raw("CREATE SCHEMA IF NOT EXISTS \(ident: name)").run() }
    }

    /// Drops a schema and everything in it.
    public static func dropSchema(_ name: String, url: String) async throws {
        try await withBootstrap(url) { try await $0.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run() }
    }

    /// Creates an empty database on the server at `url`; returns the URL of the new database.
    public static func createDatabase(_ name: String, url: String) async throws -> String {
        try await withBootstrap(url) { try await $0.raw("CREATE DATABASE \(ident: name)").run() }
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Drops a database, disconnecting whoever is still connected.
    public static func dropDatabase(_ name: String, url: String) async throws {
        try await withBootstrap(url) { try await $0.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
    }

    private static func withBootstrap(_ url: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let backend = try PostgresBackend(
            url: url, settings: Settings(maxConnections: 1), logger: Logger(label: "siaga.postgres"))
        do {
            try await backend.withWriter(body)
            try await backend.shutdown()
        } catch {
            try? await backend.shutdown()
            throw error
        }
    }

    public func shutdown() async throws {
        await pool.close()
    }
}
