import Foundation
import SiagaCore

struct ShiftDefinitionDTO: Codable, Sendable {
    var code: String
    var name: String
    /// Local start, `07:00`.
    var start: String
    var durationMinutes: Int

    init(_ shift: ShiftDefinition) {
        code = shift.code
        name = shift.name
        start = String(format: "%02d:%02d", shift.startMinute / 60, shift.startMinute % 60)
        durationMinutes = shift.durationMinutes
    }

    /// An unreadable `start` becomes minute -1, which the pattern's check refuses with the field's name.
    var definition: ShiftDefinition {
        let parts = start.split(separator: ":").compactMap { Int($0) }
        let minute =
            parts.count == 2 && (0..<24).contains(parts[0]) && (0..<60).contains(parts[1])
            ? parts[0] * 60 + parts[1] : -1
        return ShiftDefinition(code: code, name: name, startMinute: minute, durationMinutes: durationMinutes)
    }
}

struct ShiftPatternRequest: Decodable, Sendable {
    var shifts: [ShiftDefinitionDTO]
}

struct ShiftOccurrenceDTO: Encodable, Sendable {
    var code: String
    var name: String
    var day: String
    var start: Date
    var end: Date

    init(_ shift: ShiftOccurrence) {
        code = shift.code
        name = shift.name
        day = shift.day.description
        start = shift.start
        end = shift.end
    }
}

struct ShiftPatternDTO: Encodable, Sendable {
    var shifts: [ShiftDefinitionDTO]
    var current: ShiftOccurrenceDTO
}

struct RosterDTO: Encodable, Sendable {
    struct Shift: Encodable, Sendable {
        var code: String
        var name: String
        var usernames: [String]
    }

    var day: String
    var shifts: [Shift]
}

struct RosterRequest: Decodable, Sendable {
    var usernames: [String]
}

struct DutyRequest: Decodable, Sendable {
    var onDuty: Bool
}

struct HandoverRequest: Decodable, Sendable {
    var note: String
}

struct AcknowledgeRequest: Decodable, Sendable {
    var note: String?
}

struct OnDutyDTO: Encodable, Sendable {
    struct Person: Encodable, Sendable {
        var username: String
        var displayName: String
        var role: Role
        var since: Date
    }

    struct AgencyDuty: Encodable, Sendable {
        var agencyId: String
        var name: String
        /// How dispatches reach it: only a console agency needs someone signed in to see them.
        var channel: ForwardingChannel
        var onDuty: [String]
        /// A console agency with nobody on duty: its forwards reach no one until somebody marks in.
        var unattended: Bool
    }

    var shift: ShiftOccurrenceDTO
    var rostered: [String]
    var signedIn: [Person]
    var agencies: [AgencyDuty]
    var unattendedAgencies: [String]

    init(_ duty: ShiftService.OnDuty) {
        shift = ShiftOccurrenceDTO(duty.shift)
        rostered = duty.rostered
        signedIn = duty.signedIn.map {
            Person(username: $0.user.username, displayName: $0.user.displayName, role: $0.user.role, since: $0.since)
        }
        agencies = duty.agencies.map {
            AgencyDuty(
                agencyId: $0.agency.id.rawValue, name: $0.agency.name, channel: $0.agency.channel,
                onDuty: $0.operators, unattended: $0.operators.isEmpty && $0.agency.channel == .console)
        }
        unattendedAgencies = agencies.filter(\.unattended).map(\.agencyId)
    }
}

struct HandoverDTO: Encodable, Sendable {
    var id: String
    var regionCode: String
    var shift: ShiftOccurrenceDTO
    var note: String
    var summary: SummaryDTO
    var writtenBy: String
    var writtenAt: Date
    var acknowledgedBy: String?
    var acknowledgedAt: Date?
    var acknowledgementNote: String?

    init(_ handover: Handover) {
        id = handover.id
        regionCode = handover.region.rawValue
        shift = ShiftOccurrenceDTO(handover.summary.shift)
        note = handover.note
        summary = SummaryDTO(handover.summary)
        writtenBy = handover.writtenBy.description
        writtenAt = handover.writtenAt
        acknowledgedBy = handover.acknowledgedBy?.description
        acknowledgedAt = handover.acknowledgedAt
        acknowledgementNote = handover.acknowledgementNote
    }
}

/// The generated part of a handover.
struct SummaryDTO: Encodable, Sendable {
    struct OpenIncident: Encodable, Sendable {
        var id: String
        var number: String
        var category: String?
        var priority: Priority
        var status: IncidentStatus
        var needsRerouting: Bool
        var openedAt: Date
    }

    struct OverdueDispatch: Encodable, Sendable {
        var incidentNumber: String
        var agencyId: String
        var dispatchedAt: Date
        var waitingMinutes: Int
    }

    var generatedAt: Date
    var openIncidents: [OpenIncident]
    var overdueDispatches: [OverdueDispatch]
    var callsByDisposition: [String: Int]
    var callCount: Int

    init(_ summary: HandoverSummary) {
        generatedAt = summary.generatedAt
        openIncidents = summary.openIncidents.map {
            OpenIncident(
                id: $0.id.rawValue, number: $0.number, category: $0.category, priority: $0.priority, status: $0.status,
                needsRerouting: $0.needsRerouting, openedAt: $0.openedAt)
        }
        overdueDispatches = summary.overdueDispatches.map {
            OverdueDispatch(
                incidentNumber: $0.incidentNumber, agencyId: $0.agencyID.rawValue, dispatchedAt: $0.dispatchedAt,
                waitingMinutes: $0.waitingMinutes)
        }
        callsByDisposition = summary.callsByDisposition
        callCount = summary.callCount
    }
}
