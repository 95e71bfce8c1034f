import Synchronization

/// Tells listeners that events were committed. It carries no events: a listener reads the log from where it got
/// to, so a burst of commits wakes it once and nothing is ever skipped. The PostgreSQL backend will raise the
/// same signal from `LISTEN` for commits made by other instances.
public final class CommitSignal: Sendable {
    private let listeners = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])
    private let nextID = Mutex(0)

    public init() {}

    /// A stream that yields after commits; bursts are coalesced into one wake-up.
    public func wakeUps() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = nextID.withLock {
            $0 += 1
            return $0
        }
        listeners.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.listeners.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    /// Wakes every listener.
    public func notify() {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield() }
    }
}
