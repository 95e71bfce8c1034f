public import Foundation

/// A neighbouring center's request to take over one of its incidents, as the region asked sees it: waiting in the
/// call takers' tray until one of them accepts (a new incident is opened here) or declines with a reason.
public struct ReceivedTransfer: Hashable, Codable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case pending, accepted, declined
        /// The sender took the request back before anyone here answered.
        case withdrawn
    }

    public var id: TransferID
    /// The region asked.
    public var region: RegionCode
    public var origin: TransferOrigin
    /// Why the sender hands it over ("the fire is across the border, in Waru's neighbour Gayungan").
    public var reason: String
    /// What the call taker reads before answering: the sender's type, place and first words.
    public var summary: String
    public var priority: Priority?
    /// The incident as the sender exported it: what a new incident here is opened from.
    public var document: EIDODocument
    public var receivedAt: Date
    /// When the sender falls back to phoning.
    public var answerDue: Date?
    public var state: State
    public var answeredAt: Date?
    public var answeredBy: Actor?
    /// The incident opened here on accepting.
    public var incidentID: IncidentID?
    public var incidentNumber: String?
    /// Why it was declined, or withdrawn.
    public var endReason: String?

    public init(
        id: TransferID, region: RegionCode, origin: TransferOrigin, reason: String, summary: String,
        priority: Priority?, document: EIDODocument, receivedAt: Date, answerDue: Date?
    ) {
        self.id = id
        self.region = region
        self.origin = origin
        self.reason = reason
        self.summary = summary
        self.priority = priority
        self.document = document
        self.receivedAt = receivedAt
        self.answerDue = answerDue
        self.state = .pending
    }

    private enum CodingKeys: String, CodingKey {
        case id, region, origin, reason, summary, priority, document, receivedAt, answerDue, state, answeredAt
        case answeredBy, endReason
        case incidentID = "incidentId"
        case incidentNumber
    }

    /// The request accepted by `actor`, with the incident opened for it.
    public func accepted(by actor: Actor, at: Date, incident: IncidentID, number: String) throws(TransitionError)
        -> ReceivedTransfer
    {
        var next = try answerable()
        next.state = .accepted
        next.answeredAt = at
        next.answeredBy = actor
        next.incidentID = incident
        next.incidentNumber = number
        return next
    }

    /// The request declined by `actor`, with why.
    public func declined(by actor: Actor, at: Date, reason: String) throws(TransitionError) -> ReceivedTransfer {
        var next = try answerable()
        next.state = .declined
        next.answeredAt = at
        next.answeredBy = actor
        next.endReason = reason
        return next
    }

    /// The request taken back by its sender.
    public func withdrawn(reason: String) throws(TransitionError) -> ReceivedTransfer {
        var next = try answerable()
        next.state = .withdrawn
        next.endReason = reason
        return next
    }

    private func answerable() throws(TransitionError) -> ReceivedTransfer {
        guard state == .pending else { throw .receivedTransferNotPending(id, state: state) }
        return self
    }
}

/// What happened to a received request, for the call takers' tray and the log. One stream per request;
/// encoded as `{"type": "<case>", "data": {…}}` like incident events, each carrying the request as it now is.
public enum TransferEvent: Hashable, Sendable {
    case received(ReceivedTransfer)
    case accepted(ReceivedTransfer)
    case declined(ReceivedTransfer)
    case withdrawn(ReceivedTransfer)

    public var transfer: ReceivedTransfer {
        switch self {
        case .received(let transfer), .accepted(let transfer), .declined(let transfer), .withdrawn(let transfer):
            transfer
        }
    }

    public var typeName: String {
        switch self {
        case .received: "received"
        case .accepted: "accepted"
        case .declined: "declined"
        case .withdrawn: "withdrawn"
        }
    }
}

extension TransferEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let transfer = try container.decode(ReceivedTransfer.self, forKey: .data)
        switch try container.decode(String.self, forKey: .type) {
        case "received": self = .received(transfer)
        case "accepted": self = .accepted(transfer)
        case "declined": self = .declined(transfer)
        case "withdrawn": self = .withdrawn(transfer)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown transfer event \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(transfer, forKey: .data)
    }
}
