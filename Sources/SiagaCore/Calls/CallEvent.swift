public import Foundation

/// Something that happened to a call. Encoded as `{"type": …, "data": …}` like ``IncidentEvent``.
public enum CallEvent: Hashable, Sendable {
    case received(Received)
    case answered
    case dispositioned(Dispositioned)
    case ended(Ended)
    case callbackScheduled(CallbackScheduled)
    case callbackAttempted(CallbackAttempted)
    /// A location for the caller arrived (AML from the handset, or the call taker's pin).
    case located(Location)
    /// The call could not reach a call taker the normal way (the switch reported it): the supervisor must see it.
    case alarmed(CallAlarm)

    public struct Received: Hashable, Codable, Sendable {
        public var id: CallID
        public var regionCode: RegionCode
        public var channel: CallChannel
        public var callerNumber: PhoneNumber?
        /// When the call started ringing; may be before the event's own time when telephony reports late.
        public var ringAt: Date
        /// The operator's trunk it came in on, when the switch reported it.
        public var trunk: String?
    }

    public struct Dispositioned: Hashable, Codable, Sendable {
        public var disposition: CallDisposition
        public var incidentID: IncidentID?
        public var note: String?

        private enum CodingKeys: String, CodingKey {
            case disposition
            case incidentID = "incidentId"
            case note
        }
    }

    public struct Ended: Hashable, Codable, Sendable {
        public var dropped: Bool
    }

    public struct CallbackScheduled: Hashable, Codable, Sendable {
        public var reason: CallbackTask.Reason
        public var dueAt: Date
    }

    public struct CallbackAttempted: Hashable, Codable, Sendable {
        public var outcome: CallbackTask.Outcome
        public var note: String?
    }
}

extension CallEvent: Codable {
    /// The stored and published name of each case.
    public enum EventType: String, Codable, Sendable, CaseIterable {
        case callReceived, callAnswered, callDispositioned, callEnded, callbackScheduled, callbackAttempted, callLocated
        case callAlarmed
    }

    private enum CodingKeys: String, CodingKey { case type, data }
    private struct Empty: Codable {}

    public var type: EventType {
        switch self {
        case .received: .callReceived
        case .answered: .callAnswered
        case .dispositioned: .callDispositioned
        case .ended: .callEnded
        case .callbackScheduled: .callbackScheduled
        case .callbackAttempted: .callbackAttempted
        case .located: .callLocated
        case .alarmed: .callAlarmed
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func data<T: Decodable>(_: T.Type) throws -> T { try container.decode(T.self, forKey: .data) }
        switch try container.decode(EventType.self, forKey: .type) {
        case .callReceived: self = .received(try data(Received.self))
        case .callAnswered: self = .answered
        case .callDispositioned: self = .dispositioned(try data(Dispositioned.self))
        case .callEnded: self = .ended(try data(Ended.self))
        case .callbackScheduled: self = .callbackScheduled(try data(CallbackScheduled.self))
        case .callbackAttempted: self = .callbackAttempted(try data(CallbackAttempted.self))
        case .callLocated: self = .located(try data(Location.self))
        case .callAlarmed: self = .alarmed(try data(CallAlarm.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .received(let data): try container.encode(data, forKey: .data)
        case .answered: try container.encode(Empty(), forKey: .data)
        case .dispositioned(let data): try container.encode(data, forKey: .data)
        case .ended(let data): try container.encode(data, forKey: .data)
        case .callbackScheduled(let data): try container.encode(data, forKey: .data)
        case .callbackAttempted(let data): try container.encode(data, forKey: .data)
        case .located(let data): try container.encode(data, forKey: .data)
        case .alarmed(let data): try container.encode(data, forKey: .data)
        }
    }
}
