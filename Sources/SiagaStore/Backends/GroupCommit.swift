import Synchronization

/// The single writer connection of the embedded database, shared by the writes waiting for it in one transaction:
/// group commit.
///
/// A durable commit waits for the disk (`synchronous=FULL` syncs the WAL on every commit), and that wait, not the
/// SQL, is what limits how many writes a second one writer serves. So when a write finishes its work and others are
/// already waiting, it does not commit: it hands the open transaction to the next one, which runs its work in a
/// savepoint of its own, and so on; the last of the batch commits once for all of them, and only then does each
/// return. Each write stays its own all-or-nothing unit: one that fails rolls back to its savepoint, the batch goes
/// on without it, and its error reaches only its caller. A batch that cannot commit fails every write in it, and none
/// of them was acknowledged. With nobody waiting, a write is one transaction as it would be alone.
///
/// Waiting writes are served in ``WriterQueue``'s order, so emergencies still go ahead of routine writes; and once a
/// batch holds an emergency, only emergencies join it, so an emergency's answer never waits for routine writes'
/// work (a flood of prank calls forms batches of its own, between emergencies). A borrower
/// that needs the connection to itself (a migration, copying a region) never joins a batch: the open transaction
/// commits first.
actor GroupCommitWriter<Connection: Sendable> {
    private struct Waiter {
        var continuation: CheckedContinuation<CommitBatch?, Never>
        var joinsBatch: Bool
        var priority: WritePriority
    }

    nonisolated let connection: Connection
    /// The most writes one commit serves: each one more holds the earlier ones' answers a little longer.
    let maxBatch: Int
    private var busy = false
    private var waiting: WriterQueue<Waiter>
    /// A borrower that cannot join the open transaction, served first once it commits.
    private var reserved: Waiter?
    /// Commits made, for the tests and the bench.
    private(set) var commits = 0

    init(_ connection: Connection, maxBatch: Int = 64, routineBound: Duration = .milliseconds(200)) {
        self.connection = connection
        self.maxBatch = maxBatch
        waiting = WriterQueue(routineBound: routineBound)
    }

    /// Whether the connection is lent out.
    var isBusy: Bool { busy }

    /// Borrowers waiting now.
    var waitingCount: Int { waiting.count + (reserved == nil ? 0 : 1) }

    /// Waits for the connection. A write that may join a batch gets the batch whose transaction is open on it, or
    /// nil when it must begin one; a borrower that may not always gets nil, with no transaction open.
    func acquire(priority: WritePriority, joinsBatch: Bool) async -> CommitBatch? {
        guard busy else {
            busy = true
            return nil
        }
        return await withCheckedContinuation {
            waiting.append(Waiter(continuation: $0, joinsBatch: joinsBatch, priority: priority), priority, at: .now)
        }
    }

    /// Called by a write that has run its work in `batch`'s open transaction: hands the transaction to the next
    /// waiting write and returns true (the caller then waits for the batch's commit), or returns false when nobody
    /// can join (the caller commits).
    func handOn(_ batch: CommitBatch) -> Bool {
        guard reserved == nil, batch.size < maxBatch,
            let next = batch.holdsUrgent ? waiting.nextUrgent() : waiting.next(at: .now)
        else { return false }
        guard next.joinsBatch else {
            reserved = next
            return false
        }
        batch.join(urgent: next.priority == .urgent)
        next.continuation.resume(returning: batch)
        return true
    }

    /// Called once the transaction on the connection has committed (`committed`) or rolled back: the next borrower
    /// gets the connection with no transaction open.
    func release(committed: Bool) {
        if committed { commits += 1 }
        if let next = reserved ?? waiting.next(at: .now) {
            reserved = nil
            next.continuation.resume(returning: nil)
        } else {
            busy = false
        }
    }
}

/// The writes sharing one open transaction, and how it ended.
final class CommitBatch: Sendable {
    private enum Outcome {
        case open([CheckedContinuation<Void, any Error>])
        case committed
        case failed(any Error)
    }

    private struct State {
        var size = 1
        var holdsUrgent: Bool
        var outcome = Outcome.open([])
    }

    private let state: Mutex<State>

    /// A batch begun by a write of `priority`.
    init(_ priority: WritePriority) {
        state = Mutex(State(holdsUrgent: priority == .urgent))
    }

    /// The writes that have run, or are running, their work in the transaction.
    var size: Int { state.withLock { $0.size } }
    /// Whether an urgent write is among them.
    var holdsUrgent: Bool { state.withLock { $0.holdsUrgent } }

    func join(urgent: Bool) {
        state.withLock {
            $0.size += 1
            $0.holdsUrgent = $0.holdsUrgent || urgent
        }
    }

    /// Returns once the batch has committed; throws the error that ended it otherwise.
    func committed() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ended: Result<Void, any Error>? = state.withLock { state in
                switch state.outcome {
                case .open(let waiting):
                    state.outcome = .open(waiting + [continuation])
                    return nil
                case .committed: return .success(())
                case .failed(let error): return .failure(error)
                }
            }
            if let ended { continuation.resume(with: ended) }
        }
    }

    /// Ends the batch: every write waiting for its commit returns, or throws `result`'s error.
    func finish(_ result: Result<Void, any Error>) {
        let waiting: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            guard case .open(let waiting) = state.outcome else { return [] }
            switch result {
            case .success: state.outcome = .committed
            case .failure(let error): state.outcome = .failed(error)
            }
            return waiting
        }
        for continuation in waiting { continuation.resume(with: result) }
    }
}
