/// A fixed set of connections lent out one borrower at a time. Waiting borrowers are served as ``WriterQueue``
/// orders them.
///
/// Exclusive leases matter for SQLite: a transaction's `BEGIN … COMMIT` must run on one connection that
/// nobody else uses meanwhile.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiting: WriterQueue<CheckedContinuation<Connection, Never>>

    init(_ connections: [Connection], routineBound: Duration = .milliseconds(200)) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        idle = connections
        waiting = WriterQueue(routineBound: routineBound)
    }

    /// Borrowers waiting now.
    var waitingCount: Int { waiting.count }

    func acquire(priority: WritePriority = .routine) async -> Connection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiting.append($0, priority, at: .now) }
    }

    func release(_ connection: Connection) {
        if let next = waiting.next(at: .now) {
            next.resume(returning: connection)
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
