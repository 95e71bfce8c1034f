import Foundation
import SiagaCore

/// A call on the wire.
struct CallDTO: Encodable, Sendable {
    struct CallbackDTO: Encodable, Sendable {
        struct AttemptDTO: Encodable, Sendable {
            var at: Date
            var by: String
            var outcome: CallbackTask.Outcome
            var note: String?
        }

        var reason: CallbackTask.Reason
        var createdAt: Date
        var dueAt: Date
        var open: Bool
        var attempts: [AttemptDTO]
    }

    var id: String
    var regionCode: String
    var channel: CallChannel
    var callerNumber: String?
    var status: CallStatus
    var ringAt: Date
    var answeredAt: Date?
    var endedAt: Date?
    var callTaker: String?
    var disposition: CallDisposition?
    var incidentId: String?
    var note: String?
    var dropped: Bool
    var callback: CallbackDTO?
    var location: LocationDTO?
    /// The operator's trunk it came in on, for a call from the switch.
    var trunk: String?
    /// Why it could not reach a call taker the normal way, for the supervisor.
    var alarm: CallAlarm.Reason?
    var version: Int

    init(_ call: Call) {
        id = call.id.rawValue
        regionCode = call.regionCode.rawValue
        channel = call.channel
        callerNumber = call.callerNumber?.rawValue
        status = call.status
        ringAt = call.ringAt
        answeredAt = call.answeredAt
        endedAt = call.endedAt
        callTaker = call.callTaker?.description
        disposition = call.disposition
        incidentId = call.incidentID?.rawValue
        note = call.note
        dropped = call.dropped
        callback = call.callback.map { task in
            CallbackDTO(
                reason: task.reason, createdAt: task.createdAt, dueAt: task.dueAt, open: task.isOpen,
                attempts: task.attempts.map {
                    .init(at: $0.at, by: $0.by.description, outcome: $0.outcome, note: $0.note)
                })
        }
        location = call.location.map(LocationDTO.init)
        trunk = call.trunk
        alarm = call.alarm
        version = call.version
    }
}

/// What a number did before, for the call taker answering it.
struct CallerHistoryDTO: Encodable, Sendable {
    struct RecentCall: Encodable, Sendable {
        var id: String
        var ringAt: Date
        var channel: CallChannel
        var disposition: CallDisposition?
        var incidentId: String?
    }

    struct RecentIncident: Encodable, Sendable {
        var id: String
        var number: String
        var status: IncidentStatus
        var category: String?
        var priority: Priority
        var createdAt: Date
    }

    var callerNumber: String
    var windowDays: Int
    var recentCallCount: Int
    var dispositionCounts: [String: Int]
    var recentCalls: [RecentCall]
    var incidents: [RecentIncident]
    /// Open incidents this number reported: the caller may be calling about one of them again.
    var openIncidentCount: Int
    var isRepeatPrankCaller: Bool

    init(_ history: CallerHistory, windowDays: Int) {
        callerNumber = history.callerNumber.rawValue
        self.windowDays = windowDays
        recentCallCount = history.recentCalls.count
        dispositionCounts = Dictionary(
            uniqueKeysWithValues: history.dispositionCounts.map { ($0.key.rawValue, $0.value) })
        recentCalls = history.recentCalls.prefix(10).map {
            RecentCall(
                id: $0.id.rawValue, ringAt: $0.ringAt, channel: $0.channel, disposition: $0.disposition,
                incidentId: $0.incidentID?.rawValue)
        }
        incidents = history.incidents.map {
            RecentIncident(
                id: $0.id.rawValue, number: $0.number.description, status: $0.status,
                category: $0.classification?.category, priority: $0.priority, createdAt: $0.createdAt)
        }
        openIncidentCount = history.incidents.count { $0.status.isOpen }
        isRepeatPrankCaller = history.isRepeatPrankCaller
    }
}

/// The answer to a new call: the call and, when the number is known, its history.
struct CallReceivedDTO: Encodable, Sendable {
    var call: CallDTO
    var callerHistory: CallerHistoryDTO?

    init(_ received: ReceivedCall) {
        call = CallDTO(received.call)
        callerHistory = received.callerHistory.map { CallerHistoryDTO($0, windowDays: CallService.historyWindowDays) }
    }
}

struct CallListDTO: Encodable, Sendable {
    var items: [CallDTO]
}
