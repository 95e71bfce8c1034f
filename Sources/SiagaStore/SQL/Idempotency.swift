public import SiagaCore

/// A write's claim on an `Idempotency-Key`: the key, where it applies, and a fingerprint of the request, so a
/// reused key with another request is told apart from a retry.
public struct IdempotencyClaim: Hashable, Sendable {
    /// Method and route (and later the caller), e.g. `POST /api/v1/incidents`.
    public var scope: String
    public var key: String
    /// A digest of the request body; equal bodies give equal fingerprints.
    public var fingerprint: String

    public init(scope: String, key: String, fingerprint: String) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// The response to a write as it was sent, kept for replay.
public struct StoredResponse: Hashable, Sendable {
    public var status: Int
    /// The JSON body.
    public var body: String
    /// The `Location` header, for creations.
    public var location: String?

    public init(status: Int, body: String, location: String? = nil) {
        self.status = status
        self.body = body
        self.location = location
    }
}

/// What a write produced.
public struct WriteOutcome: Hashable, Sendable {
    public var response: StoredResponse
    /// True when the response is a replay of an earlier write with the same key; nothing was written.
    public var replayed: Bool
    /// Ids of the events the write committed, ascending (empty for a replay).
    public var committedEventIDs: [EventID]

    public init(response: StoredResponse, replayed: Bool, committedEventIDs: [EventID]) {
        self.response = response
        self.replayed = replayed
        self.committedEventIDs = committedEventIDs
    }
}
