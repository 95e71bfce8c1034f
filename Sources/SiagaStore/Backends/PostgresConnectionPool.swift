import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// At most `limit` PostgreSQL connections, opened on demand and lent to one borrower at a time; borrowers beyond
/// the limit wait as ``WriterQueue`` orders them. A connection found closed (the server restarted, the network broke) is dropped
/// and replaced by a new one on the next borrow, so the server recovers without a restart. Failing to connect
/// is ``StoreError/databaseUnavailable``.
actor PostgresConnectionPool {
    private let configuration: PostgresConnection.Configuration
    private let limit: Int
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var waiting = WriterQueue<CheckedContinuation<Void, Never>>()
    private var closed = false
    private static let nextID = Atomic<Int>(0)

    init(configuration: PostgresConnection.Configuration, limit: Int, logger: Logger) {
        precondition(limit > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.limit = limit
        self.logger = logger
    }

    /// A new connection outside the pool (for `LISTEN`), owned by the caller.
    nonisolated func connect() async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(
                configuration: configuration, id: Self.nextID.add(1, ordering: .relaxed).newValue, logger: logger)
        } catch let error as PSQLError where error.code == .server && !error.isTransient {
            // The server answered and refused (a wrong password, an unknown database): not worth retrying.
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.warning("cannot connect to PostgreSQL", metadata: ["error": "\(String(reflecting: error))"])
            throw StoreError.databaseUnavailable
        }
    }

    private func acquire(priority: WritePriority) async throws -> PostgresConnection {
        while true {
            if closed { throw StoreError.databaseUnavailable }
            if let connection = idle.popLast() {
                if connection.isClosed {
                    opened -= 1
                    continue
                }
                return connection
            }
            if opened < limit {
                opened += 1
                do {
                    return try await connect()
                } catch {
                    opened -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiting.append($0, priority, at: .now) }
        }
    }

    private func release(_ connection: PostgresConnection) {
        if connection.isClosed || closed {
            opened -= 1
            // Kept alive until it is closed: a PostgresConnection must not be released while its channel is open.
            if !connection.isClosed { connection.close().whenComplete { _ in withExtendedLifetime(connection) {} } }
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        waiting.next(at: .now)?.resume()
    }

    /// Closes idle connections now and borrowed ones when they come back; later borrows fail.
    func close() async {
        closed = true
        let closing = idle
        idle = []
        opened -= closing.count
        for connection in closing { try? await connection.close() }
        for waiter in waiting.removeAll() { waiter.resume() }
    }

    /// Runs `body` with a connection lent exclusively to it. A connection that broke under `body` is
    /// reported as ``StoreError/databaseUnavailable``.
    nonisolated func withConnection<T>(
        priority: WritePriority = .routine, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await acquire(priority: priority)
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            let broken = connection.isClosed
            await release(connection)
            if (error as? PSQLError)?.isOutOfSpace == true {
                logger.error("PostgreSQL disk full: write refused", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.storageFull
            }
            if broken || (error as? PSQLError)?.isTransient == true {
                logger.warning("PostgreSQL connection lost", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.databaseUnavailable
            }
            throw error
        }
    }
}

extension PSQLError {
    /// The server's disk is full (SQLSTATE 53100, `disk_full`).
    var isOutOfSpace: Bool {
        code == .server && serverInfo?[.sqlState] == "53100"
    }

    /// Errors that say "not now" rather than "never": the server is starting or stopping (SQLSTATE class 57,
    /// which includes a statement timeout) or the connection failed (class 08).
    var isTransient: Bool {
        switch code {
        case .server:
            guard let state = serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("57") || state.hasPrefix("08")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .queryCancelled:
            return true
        default:
            return false
        }
    }
}
