public import SQLKit

/// The SQL dialects the store speaks. Differences between them live in migrations and in
/// ``SQLStoreDialect``, nowhere else.
public enum SQLStoreDialect: String, Sendable {
    case sqlite
    case postgres
}

/// Where the store's SQL runs: hands out a connection for reading and the one for writing.
public protocol DatabaseBackend: Sendable {
    var dialect: SQLStoreDialect { get }
    /// Runs `body` on a connection for reads; it may run beside writes.
    func withReader<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on a connection lent to it alone, for one transaction.
    func withWriter<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection. The backend cannot be used afterwards.
    func shutdown() async throws
}
