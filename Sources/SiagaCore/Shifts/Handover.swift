public import Foundation

/// Serah terima: the outgoing supervisor's note and the generated summary, until the incoming supervisor
/// acknowledges it. Both steps are kept; neither is ever edited.
public struct Handover: Hashable, Sendable {
    public var id: String
    public var region: RegionCode
    public var note: String
    public var summary: HandoverSummary
    public var writtenBy: Actor
    public var writtenAt: Date
    public var acknowledgedBy: Actor?
    public var acknowledgedAt: Date?
    public var acknowledgementNote: String?

    public init(
        id: String, region: RegionCode, note: String, summary: HandoverSummary, writtenBy: Actor, writtenAt: Date,
        acknowledgedBy: Actor? = nil, acknowledgedAt: Date? = nil, acknowledgementNote: String? = nil
    ) {
        self.id = id
        self.region = region
        self.note = note
        self.summary = summary
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgementNote = acknowledgementNote
    }

    /// Why a handover cannot be acknowledged.
    public enum Refusal: Error, Hashable, Sendable {
        case alreadyAcknowledged(by: Actor)
        /// The person who wrote it cannot also receive it.
        case ownHandover
    }

    /// The handover as acknowledged by the incoming supervisor.
    public func acknowledged(by actor: Actor, at: Date, note: String?) throws(Refusal) -> Handover {
        if let acknowledgedBy { throw .alreadyAcknowledged(by: acknowledgedBy) }
        if actor == writtenBy { throw .ownHandover }
        var handover = self
        handover.acknowledgedBy = actor
        handover.acknowledgedAt = at
        handover.acknowledgementNote = note
        return handover
    }
}
