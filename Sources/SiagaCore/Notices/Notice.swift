public import Foundation

/// Identifies one notice: one rung of one agency's ladder for one forward.
public struct NoticeID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// One message (or phone task) owed to one person of an agency for one forward: a row of the outbox, written in
/// the same transaction as the forward and sent after it commits.
public struct Notice: Hashable, Codable, Sendable {
    public var id: NoticeID
    public var incidentID: IncidentID
    public var regionCode: RegionCode
    public var agencyID: AgencyID
    /// Its place on the agency's ladder (0 first).
    public var rung: Int
    public var channel: NoticeChannel
    public var recipient: String
    public var label: String?
    /// When it is next to be sent: the rung's moment, then each retry's.
    public var dueAt: Date
    public var state: NoticeState
    /// Hand-overs tried so far.
    public var attempts: Int
    /// The four digits an SMS reply carries (`TERIMA 4821`).
    public var replyCode: String
    /// After this its acknowledgement is refused as expired.
    public var expiresAt: Date
    /// The provider's id of the message, once accepted.
    public var providerReference: String?
    /// Why the last attempt failed.
    public var lastError: String?

    public init(
        id: NoticeID, incidentID: IncidentID, regionCode: RegionCode, agencyID: AgencyID, rung: Int,
        channel: NoticeChannel, recipient: String, label: String? = nil, dueAt: Date, replyCode: String,
        expiresAt: Date
    ) {
        self.id = id
        self.incidentID = incidentID
        self.regionCode = regionCode
        self.agencyID = agencyID
        self.rung = rung
        self.channel = channel
        self.recipient = recipient
        self.label = label
        self.dueAt = dueAt
        self.state = .waiting
        self.attempts = 0
        self.replyCode = replyCode
        self.expiresAt = expiresAt
    }

    /// The rung the notice came from.
    public var ladderRung: NoticeRung {
        NoticeRung(channel: channel, recipient: recipient, label: label)
    }
}

/// Where a notice stands.
public enum NoticeState: String, Codable, Sendable, CaseIterable {
    /// Not yet handed over (or handed over and failed, waiting for its retry).
    case waiting
    /// Accepted by the provider.
    case sent
    /// The provider reports it reached the phone or inbox.
    case delivered
    /// The provider reports it was read.
    case read
    /// Refused for good, or every retry failed.
    case undelivered
    /// A phone task shown to the call takers.
    case raised
    /// Not needed any more: the agency acknowledged, declined or was re-routed, or the incident ended.
    case stopped
    /// Acknowledged through this notice.
    case acknowledged

    /// Still to be handed over.
    public var isPending: Bool { self == .waiting }
    /// Its acknowledgement may still be used.
    public var isOpen: Bool { [.waiting, .sent, .delivered, .read, .raised].contains(self) }
}

/// How often and how long a failing hand-over is tried again: 5 s, 10 s, 20 s… up to 2 minutes, 8 times.
public enum NoticeRetry {
    public static let maxAttempts = 8

    /// When attempt `attempts` + 1 is due after attempt `attempts` failed at `failedAt`; nil to give up.
    public static func next(after attempts: Int, failedAt: Date) -> Date? {
        guard attempts < maxAttempts else { return nil }
        let seconds = min(120, 5 * (1 << min(attempts - 1, 5)))
        return failedAt.addingTimeInterval(Double(seconds))
    }
}
