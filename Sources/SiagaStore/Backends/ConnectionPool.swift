/// A fixed set of connections lent out one borrower at a time. Borrowers wait in FIFO order.
///
/// Exclusive leases matter for SQLite: a transaction's `BEGIN … COMMIT` must run on one connection that
/// nobody else uses meanwhile.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []
    /// Served before `waiters`.
    private var urgentWaiters: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        idle = connections
    }

    /// Borrowers waiting now.
    var waitingCount: Int { urgentWaiters.count + waiters.count }

    func acquire(priority: WritePriority = .routine) async -> Connection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation {
            if priority == .urgent { urgentWaiters.append($0) } else { waiters.append($0) }
        }
    }

    func release(_ connection: Connection) {
        if !urgentWaiters.isEmpty {
            urgentWaiters.removeFirst().resume(returning: connection)
        } else if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Takes every connection back (waiting for borrowers to return them) so they can be closed.
    func drain(count: Int) async -> [Connection] {
        var drained: [Connection] = []
        while drained.count < count { drained.append(await acquire()) }
        return drained
    }
}

extension ConnectionPool {
    /// Runs `body` with a connection lent exclusively to it.
    nonisolated func withConnection<T>(priority: WritePriority = .routine, _ body: (Connection) async throws -> T)
        async throws -> T
    {
        let connection = await acquire(priority: priority)
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }
}
