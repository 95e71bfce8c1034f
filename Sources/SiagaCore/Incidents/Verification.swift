public import Foundation

/// What asks for an incident to be verified: the system that opened it and what it saw.
public struct VerificationRequest: Hashable, Codable, Sendable {
    /// The system that opened the incident: `bmkg` for an earthquake.
    public var source: String
    /// Its reference for what it saw (BMKG's event id).
    public var reference: String

    public init(source: String, reference: String) {
        self.source = source
        self.reference = reference
    }
}

/// An incident that something other than a person opened: nobody forwards it before a call taker has verified
/// it (called the kecamatan, the village head, a post), so a feed's report is never an automatic dispatch.
public struct Verification: Hashable, Codable, Sendable {
    public var request: VerificationRequest
    public var verifiedAt: Date?
    public var verifiedBy: Actor?

    public init(request: VerificationRequest, verifiedAt: Date? = nil, verifiedBy: Actor? = nil) {
        self.request = request
        self.verifiedAt = verifiedAt
        self.verifiedBy = verifiedBy
    }

    public var isPending: Bool { verifiedAt == nil }
}

extension Incident {
    /// True while the incident waits for a call taker to verify it.
    public var awaitsVerification: Bool { verification?.isPending == true }
}
