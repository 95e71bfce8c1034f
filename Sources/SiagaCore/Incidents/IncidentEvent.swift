public import Foundation

/// Something that happened to an incident. Events are facts: past tense, append-only, never edited.
/// The incident projection is the fold of its events (``Incident/evolve(_:)``).
///
/// Encoded as `{"type": "<case>", "data": {…}}`; the stored form must stay readable by every later
/// version, so cases and fields are only ever added.
public enum IncidentEvent: Hashable, Sendable {
    case created(Created)
    case classified(Classified)
    case located(Location)
    case priorityChanged(PriorityChanged)
    case noteAdded(NoteAdded)
    case callLinked(CallLinked)
    case dispatched(Dispatched)
    case resolved(Resolved)
    case closed(Closed)
    case reopened(Reopened)
    case cancelled(Cancelled)
    case forwarded(Forwarded)
    case dispatchAcknowledged(DispatchAcknowledged)
    case unitAssigned(UnitAssigned)
    case dispatchEnRoute(DispatchStep)
    case dispatchOnScene(DispatchStep)
    case dispatchCompleted(DispatchCompleted)
    case dispatchDeclined(DispatchEnded)
    case dispatchRerouted(DispatchRerouted)
    case dispatchCancelled(DispatchEnded)
    case attachmentAdded(Attachment)
    /// A response clock passed its warning share (recorded by the SLA engine).
    case responseWarning(ResponseMark)
    /// A response clock passed its target.
    case responseBreached(ResponseMark)
    /// An overdue step was escalated to the supervisor, the agency's head or the leadership.
    case escalated(ResponseMark)
    /// Siaga112 reached (or failed to reach) an agency by itself: a message or a phone task.
    case noticeReported(NoticeReport)
    /// A call taker confirmed an incident that was awaiting verification.
    case verified(Verified)
    /// The incident was offered to a neighbouring 112 center.
    case transferRequested(TransferRequested)
    case transferAccepted(TransferAccepted)
    case transferDeclined(TransferEnded)
    /// No answer in time: the call taker phones the neighbour.
    case transferUnanswered(TransferUnanswered)
    case transferWithdrawn(TransferEnded)
    /// The incident was opened from a neighbour's handover (right after `created`).
    case transferReceived(TransferOrigin)

    public struct Created: Hashable, Codable, Sendable {
        public var id: IncidentID
        public var number: IncidentNumber
        public var classification: Classification?
        public var priority: Priority
        /// True when a person chose the priority; a later classification then keeps it.
        public var priorityIsManual: Bool
        public var location: Location?
        public var description: String
        public var callerNumber: PhoneNumber?
        public var callerName: String?
        /// Set when something other than a person opened the incident (a BMKG quake): a call taker verifies it
        /// before it is forwarded. Absent in events written before verification existed.
        public var verification: VerificationRequest?
    }

    public struct Classified: Hashable, Codable, Sendable {
        public var classification: Classification
        /// The priority after classification (the category's default unless a person had set one).
        public var priority: Priority
        /// True when the priority is a person's choice rather than the category's default.
        public var priorityIsManual: Bool
    }

    public struct PriorityChanged: Hashable, Codable, Sendable {
        public var from: Priority
        public var to: Priority
        public var reason: String?
    }

    public struct NoteAdded: Hashable, Codable, Sendable {
        public var text: String
    }

    public struct CallLinked: Hashable, Codable, Sendable {
        public var callID: CallID
        public var callerNumber: PhoneNumber?
        /// When the call was answered; absent in events written before it was recorded.
        public var answeredAt: Date?

        private enum CodingKeys: String, CodingKey {
            case callID = "callId"
            case callerNumber, answeredAt
        }
    }

    public struct Dispatched: Hashable, Codable, Sendable {
        public var agencyID: AgencyID
        public var note: String?
        /// Absent in events written before channels existed: those went to the console.
        public var channel: ForwardingChannel?
        public var matrixVersion: Int?

        private enum CodingKeys: String, CodingKey {
            case agencyID = "agencyId"
            case note, channel, matrixVersion
        }
    }

    public struct Verified: Hashable, Codable, Sendable {
        /// What the call taker found out (a call to the kecamatan, a report from the field).
        public var note: String?

        public init(note: String?) { self.note = note }
    }

    public struct Resolved: Hashable, Codable, Sendable {
        public var summary: String
    }

    public struct Closed: Hashable, Codable, Sendable {
        public var note: String?
    }

    public struct Reopened: Hashable, Codable, Sendable {
        public var reason: String
    }

    public struct Cancelled: Hashable, Codable, Sendable {
        public var reason: String
    }
}

extension IncidentEvent: Codable {
    /// The stored and published name of each case.
    public enum EventType: String, Codable, Sendable, CaseIterable {
        case created, classified, located, priorityChanged, noteAdded, callLinked
        case dispatched, resolved, closed, reopened, cancelled
        case forwarded, dispatchAcknowledged, unitAssigned, dispatchEnRoute, dispatchOnScene, dispatchCompleted
        case dispatchDeclined, dispatchRerouted, dispatchCancelled, attachmentAdded
        case responseWarning, responseBreached, escalated
        case noticeReported, verified
        case transferRequested, transferAccepted, transferDeclined, transferUnanswered, transferWithdrawn
        case transferReceived
    }

    private enum CodingKeys: String, CodingKey { case type, data }

    public var type: EventType {
        switch self {
        case .created: .created
        case .classified: .classified
        case .located: .located
        case .priorityChanged: .priorityChanged
        case .noteAdded: .noteAdded
        case .callLinked: .callLinked
        case .dispatched: .dispatched
        case .resolved: .resolved
        case .closed: .closed
        case .reopened: .reopened
        case .cancelled: .cancelled
        case .forwarded: .forwarded
        case .dispatchAcknowledged: .dispatchAcknowledged
        case .unitAssigned: .unitAssigned
        case .dispatchEnRoute: .dispatchEnRoute
        case .dispatchOnScene: .dispatchOnScene
        case .dispatchCompleted: .dispatchCompleted
        case .dispatchDeclined: .dispatchDeclined
        case .dispatchRerouted: .dispatchRerouted
        case .dispatchCancelled: .dispatchCancelled
        case .attachmentAdded: .attachmentAdded
        case .responseWarning: .responseWarning
        case .responseBreached: .responseBreached
        case .escalated: .escalated
        case .noticeReported: .noticeReported
        case .verified: .verified
        case .transferRequested: .transferRequested
        case .transferAccepted: .transferAccepted
        case .transferDeclined: .transferDeclined
        case .transferUnanswered: .transferUnanswered
        case .transferWithdrawn: .transferWithdrawn
        case .transferReceived: .transferReceived
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func data<T: Decodable>(_: T.Type) throws -> T { try container.decode(T.self, forKey: .data) }
        switch try container.decode(EventType.self, forKey: .type) {
        case .created: self = .created(try data(Created.self))
        case .classified: self = .classified(try data(Classified.self))
        case .located: self = .located(try data(Location.self))
        case .priorityChanged: self = .priorityChanged(try data(PriorityChanged.self))
        case .noteAdded: self = .noteAdded(try data(NoteAdded.self))
        case .callLinked: self = .callLinked(try data(CallLinked.self))
        case .dispatched: self = .dispatched(try data(Dispatched.self))
        case .resolved: self = .resolved(try data(Resolved.self))
        case .closed: self = .closed(try data(Closed.self))
        case .reopened: self = .reopened(try data(Reopened.self))
        case .cancelled: self = .cancelled(try data(Cancelled.self))
        case .forwarded: self = .forwarded(try data(Forwarded.self))
        case .dispatchAcknowledged: self = .dispatchAcknowledged(try data(DispatchAcknowledged.self))
        case .unitAssigned: self = .unitAssigned(try data(UnitAssigned.self))
        case .dispatchEnRoute: self = .dispatchEnRoute(try data(DispatchStep.self))
        case .dispatchOnScene: self = .dispatchOnScene(try data(DispatchStep.self))
        case .dispatchCompleted: self = .dispatchCompleted(try data(DispatchCompleted.self))
        case .dispatchDeclined: self = .dispatchDeclined(try data(DispatchEnded.self))
        case .dispatchRerouted: self = .dispatchRerouted(try data(DispatchRerouted.self))
        case .dispatchCancelled: self = .dispatchCancelled(try data(DispatchEnded.self))
        case .attachmentAdded: self = .attachmentAdded(try data(Attachment.self))
        case .responseWarning: self = .responseWarning(try data(ResponseMark.self))
        case .responseBreached: self = .responseBreached(try data(ResponseMark.self))
        case .escalated: self = .escalated(try data(ResponseMark.self))
        case .noticeReported: self = .noticeReported(try data(NoticeReport.self))
        case .verified: self = .verified(try data(Verified.self))
        case .transferRequested: self = .transferRequested(try data(TransferRequested.self))
        case .transferAccepted: self = .transferAccepted(try data(TransferAccepted.self))
        case .transferDeclined: self = .transferDeclined(try data(TransferEnded.self))
        case .transferUnanswered: self = .transferUnanswered(try data(TransferUnanswered.self))
        case .transferWithdrawn: self = .transferWithdrawn(try data(TransferEnded.self))
        case .transferReceived: self = .transferReceived(try data(TransferOrigin.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .created(let data): try container.encode(data, forKey: .data)
        case .classified(let data): try container.encode(data, forKey: .data)
        case .located(let data): try container.encode(data, forKey: .data)
        case .priorityChanged(let data): try container.encode(data, forKey: .data)
        case .noteAdded(let data): try container.encode(data, forKey: .data)
        case .callLinked(let data): try container.encode(data, forKey: .data)
        case .dispatched(let data): try container.encode(data, forKey: .data)
        case .resolved(let data): try container.encode(data, forKey: .data)
        case .closed(let data): try container.encode(data, forKey: .data)
        case .reopened(let data): try container.encode(data, forKey: .data)
        case .cancelled(let data): try container.encode(data, forKey: .data)
        case .forwarded(let data): try container.encode(data, forKey: .data)
        case .dispatchAcknowledged(let data): try container.encode(data, forKey: .data)
        case .unitAssigned(let data): try container.encode(data, forKey: .data)
        case .dispatchEnRoute(let data), .dispatchOnScene(let data): try container.encode(data, forKey: .data)
        case .dispatchCompleted(let data): try container.encode(data, forKey: .data)
        case .dispatchDeclined(let data), .dispatchCancelled(let data): try container.encode(data, forKey: .data)
        case .dispatchRerouted(let data): try container.encode(data, forKey: .data)
        case .attachmentAdded(let data): try container.encode(data, forKey: .data)
        case .responseWarning(let data), .responseBreached(let data), .escalated(let data):
            try container.encode(data, forKey: .data)
        case .noticeReported(let data): try container.encode(data, forKey: .data)
        case .verified(let data): try container.encode(data, forKey: .data)
        case .transferRequested(let data): try container.encode(data, forKey: .data)
        case .transferAccepted(let data): try container.encode(data, forKey: .data)
        case .transferDeclined(let data), .transferWithdrawn(let data): try container.encode(data, forKey: .data)
        case .transferUnanswered(let data): try container.encode(data, forKey: .data)
        case .transferReceived(let data): try container.encode(data, forKey: .data)
        }
    }
}
