public import Foundation

/// A call as the call KPIs read it.
public struct CallFact: Hashable, Sendable {
    public var id: CallID
    public var ringAt: Date
    public var answeredAt: Date?
    public var disposition: CallDisposition?
    public var channel: CallChannel?
    public var callTaker: String?

    public init(
        id: CallID, ringAt: Date, answeredAt: Date?, disposition: CallDisposition?, channel: CallChannel?,
        callTaker: String?
    ) {
        self.id = id
        self.ringAt = ringAt
        self.answeredAt = answeredAt
        self.disposition = disposition
        self.channel = channel
        self.callTaker = callTaker
    }

    /// Seconds from ringing to answer.
    public var answerSeconds: TimeInterval? { answeredAt.map { $0.timeIntervalSince(ringAt) } }
}
