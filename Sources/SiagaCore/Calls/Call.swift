public import Foundation

/// One contact on any channel: a projection of its ``CallEvent``s.
public struct Call: Hashable, Codable, Sendable, Identifiable {
    public static let maxNoteLength = 1000

    public var id: CallID
    public var regionCode: RegionCode
    public var channel: CallChannel
    /// The caller's number (ANI); absent for walk-ins and some web reports.
    public var callerNumber: PhoneNumber?
    public var ringAt: Date
    public var answeredAt: Date?
    public var endedAt: Date?
    /// Who answered.
    public var callTaker: Actor?
    public var disposition: CallDisposition?
    public var incidentID: IncidentID?
    public var note: String?
    /// True when the line dropped before the call taker finished.
    public var dropped: Bool
    public var callback: CallbackTask?
    /// The caller's latest known location (AML or a pin).
    public var location: Location?
    /// The operator's trunk it came in on, when the switch reported it.
    public var trunk: String?
    /// The latest way the call failed to reach a call taker normally, for the supervisor's screen.
    public var alarm: CallAlarm.Reason?
    public var version: Int

    public var status: CallStatus {
        if endedAt != nil { return .ended }
        return answeredAt == nil ? .ringing : .active
    }
}

/// A call that could not reach a call taker the normal way, as the switch reported it.
public struct CallAlarm: Hashable, Codable, Sendable {
    public enum Reason: String, Codable, Sendable, CaseIterable, ClosedValueSet {
        /// No Siaga112 was connected to the switch: the fallback group rang.
        case noDecider
        /// Siaga112 did not decide within the switch's deadline: the fallback group rang.
        case decisionTimeout
        /// Nobody was signed in and on duty with a phone: the fallback group rang.
        case nobodyOnDuty
        /// None of the chosen call takers' phones was registered: the fallback group rang.
        case noPhoneRegistered
        /// The call takers' phones rang out: the fallback group rang as well.
        case unanswered
        /// Nobody could be reached at all: the caller heard that no call taker was available.
        case notPutThrough
    }

    public var reason: Reason

    public init(reason: Reason) { self.reason = reason }
}

/// A task to call a number back: created when a call is abandoned before answer, or dropped before the call
/// taker finished with an emergency (or could tell it was none).
public struct CallbackTask: Hashable, Codable, Sendable {
    /// Why the task exists.
    public enum Reason: String, Codable, Sendable {
        case abandoned
        case dropped
    }

    /// What one attempt to call back achieved.
    public enum Outcome: String, Codable, Sendable, CaseIterable, ClosedValueSet {
        /// Spoke with the caller: the task is done.
        case reached
        case noAnswer
        case busy
        /// The number cannot be reached (switched off, out of coverage).
        case unreachable
        /// The number does not exist: the task is done.
        case invalidNumber

        public var closesTask: Bool { self == .reached || self == .invalidNumber }
    }

    public struct Attempt: Hashable, Codable, Sendable {
        public var at: Date
        public var by: Actor
        public var outcome: Outcome
        public var note: String?
    }

    public var reason: Reason
    public var createdAt: Date
    /// When the call back should have happened by.
    public var dueAt: Date
    public var attempts: [Attempt]

    public var isOpen: Bool { !(attempts.last?.outcome.closesTask ?? false) }
}
