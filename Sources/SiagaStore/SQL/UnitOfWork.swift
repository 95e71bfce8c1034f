public import Foundation

/// One write a service offers: what it does inside a write transaction, how urgent it is, and when it happens.
///
/// A service describes the work and returns its domain result; whoever runs it decides what surrounds it. A
/// request runs it with its `Idempotency-Key` and renders the result as the response stored with the write;
/// in-process callers (the demo, automatic closing, the command line) run it and use the result as it is.
public struct UnitOfWork<Result: Sendable>: Sendable {
    /// Emergencies go ahead of routine writes waiting for the writer.
    public var priority: WritePriority
    /// The instant the write's events and idempotency record carry.
    public var at: Date
    /// The work, run once inside the transaction; throwing rolls everything back.
    public var body: @Sendable (WriteTransaction) async throws -> Result

    public init(
        priority: WritePriority = .routine, at: Date,
        _ body: @escaping @Sendable (WriteTransaction) async throws -> Result
    ) {
        self.priority = priority
        self.at = at
        self.body = body
    }

    /// The same work with its result transformed inside the same transaction.
    public func map<Other>(_ transform: @escaping @Sendable (Result) async throws -> Other) -> UnitOfWork<Other> {
        let body = self.body
        return UnitOfWork<Other>(priority: priority, at: at) { try await transform(try await body($0)) }
    }
}

extension SQLStore {
    /// Runs `work` in one write transaction and returns its result.
    @discardableResult
    public func perform<Result>(_ work: UnitOfWork<Result>) async throws -> Result {
        try await transaction(priority: work.priority) { try await work.body($0) }
    }

    /// Runs `work` under an `Idempotency-Key`: the response `render` makes of its result is stored in the same
    /// transaction, and a key seen before returns that stored response without running the work again.
    public func perform<Result>(
        _ work: UnitOfWork<Result>, idempotency claim: IdempotencyClaim?,
        render: @Sendable (Result) throws -> StoredResponse
    ) async throws -> WriteOutcome {
        try await write(idempotency: claim, priority: work.priority, now: work.at) { transaction in
            try render(try await work.body(transaction))
        }
    }
}
