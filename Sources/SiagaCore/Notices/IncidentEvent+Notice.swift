public import Foundation

extension IncidentEvent {
    /// A step of Siaga112 reaching an agency by itself: a message sent, delivered, read or failed, or a phone task
    /// raised for the call takers. Bookkeeping like the SLA's marks: it changes nothing a person decided, and a
    /// delivery report never counts as the agency's acknowledgement.
    public struct NoticeReport: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var channel: NoticeChannel
        /// The rung of the agency's ladder (0 first).
        public var rung: Int
        /// The person reached, as lists may show them (masked), e.g. "Piket Damkar •••• 7890".
        public var recipient: String
        public var step: NoticeStep
        /// Which hand-over this was (1 first); a repeated send says so.
        public var attempt: Int?
        /// The provider's reason for a failure.
        public var detail: String?
        /// The number to phone, on a phone task: the call takers need it whole.
        public var phone: String?

        public init(
            agencyID: AgencyID, channel: NoticeChannel, rung: Int, recipient: String, step: NoticeStep,
            attempt: Int? = nil, detail: String? = nil, phone: String? = nil
        ) {
            self.agencyID = agencyID
            self.channel = channel
            self.rung = rung
            self.recipient = recipient
            self.step = step
            self.attempt = attempt
            self.detail = detail
            self.phone = phone
        }

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case channel, rung, recipient, step, attempt, detail, phone
        }
    }

    /// Whether the event is bookkeeping recorded by Siaga112 itself (SLA marks, notice reports): a command made
    /// against the version before it still applies.
    public var isBookkeeping: Bool {
        if case .noticeReported = self { return true }
        return isResponseMark
    }
}

/// What happened to a notice.
public enum NoticeStep: String, Codable, Sendable, CaseIterable {
    /// The provider accepted it.
    case sent
    case delivered
    case read
    /// A hand-over failed; it is tried again.
    case failed
    /// Refused for good or every retry failed.
    case undelivered
    /// Phone the agency now: a task for the call takers.
    case phoneTask
}

/// How far Siaga112 got in reaching an agency by itself: the latest notice step of its dispatch.
public struct DispatchReach: Hashable, Codable, Sendable {
    public var channel: NoticeChannel
    public var rung: Int
    public var step: NoticeStep
    public var at: Date
    /// Whether some notice of this dispatch failed (the call takers may phone at once).
    public var anyFailed: Bool
    /// The phone task, once raised: the number to phone and who it is.
    public var phoneTask: PhoneTask?

    public init(
        channel: NoticeChannel, rung: Int, step: NoticeStep, at: Date, anyFailed: Bool, phoneTask: PhoneTask? = nil
    ) {
        self.channel = channel
        self.rung = rung
        self.step = step
        self.at = at
        self.anyFailed = anyFailed
        self.phoneTask = phoneTask
    }
}

/// Phone this number now: the ladder's last resort, shown on the call takers' consoles.
public struct PhoneTask: Hashable, Codable, Sendable {
    public var phone: String
    public var label: String?
    public var raisedAt: Date

    public init(phone: String, label: String?, raisedAt: Date) {
        self.phone = phone
        self.label = label
        self.raisedAt = raisedAt
    }
}
