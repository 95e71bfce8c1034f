import Foundation
public import Logging

/// Where the data lives, as an operator writes it: a SQLite file path (or `sqlite:PATH`), or a PostgreSQL URL
/// (`postgres://user:password@host:5432/database`, also `postgresql://`).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") || text.hasPrefix("postgres+") {
            self = .postgres(url: text.hasPrefix("postgresql://") ? "postgres://" + text.dropFirst(13) : text)
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// For logs and messages: a PostgreSQL password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }

    public struct Tuning: Sendable {
        /// SQLite: whether a commit waits for the disk (FULL) or only for the operating system (NORMAL).
        public var synchronous: SQLiteBackend.Synchronous = .full
        /// PostgreSQL: the most connections this process opens.
        public var maxConnections = 12

        public init(synchronous: SQLiteBackend.Synchronous = .full, maxConnections: Int = 12) {
            self.synchronous = synchronous
            self.maxConnections = maxConnections
        }
    }

    /// Opens the database without touching its schema.
    public func open(_ tuning: Tuning = Tuning(), logger: Logger) async throws -> any DatabaseBackend {
        switch self {
        case .sqlite(let path):
            return try await SQLiteBackend.open(path: path, synchronous: tuning.synchronous, logger: logger)
        case .postgres(let url):
            return try await PostgresBackend.open(
                url: url, settings: .init(maxConnections: tuning.maxConnections), logger: logger)
        }
    }
}
