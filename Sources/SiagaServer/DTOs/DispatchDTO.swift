import Foundation
import SiagaCore

/// One agency's dispatch on the wire, with the steps it allows next.
struct DispatchDTO: Encodable, Sendable {
    struct AcknowledgementDTO: Encodable, Sendable {
        var at: Date
        var recordedBy: String
        var acknowledgedBy: String?
        var channel: ForwardingChannel
    }

    struct AssignedUnitDTO: Encodable, Sendable {
        var unitId: String
        var callsign: String
        var assignedAt: Date
    }

    var agencyId: String
    var status: DispatchStatus
    var channel: ForwardingChannel
    var matrixVersion: Int?
    var note: String?
    var dispatchedAt: Date
    var dispatchedBy: String
    var acknowledgement: AcknowledgementDTO?
    var units: [AssignedUnitDTO]
    var enRouteAt: Date?
    var onSceneAt: Date?
    var completedAt: Date?
    var outcome: DispatchOutcome?
    var endReason: String?
    var endedAt: Date?
    /// When the agency declined, kept after a re-route.
    var declinedAt: Date?
    var reroutedTo: String?
    /// How far Siaga112 got in reaching the agency by itself, when it has a notice ladder.
    var reach: DispatchReach?
    var nextActions: [DispatchAction]

    init(_ dispatch: Dispatch) {
        agencyId = dispatch.agencyID.rawValue
        status = dispatch.status
        channel = dispatch.channel
        matrixVersion = dispatch.matrixVersion
        note = dispatch.note
        dispatchedAt = dispatch.dispatchedAt
        dispatchedBy = dispatch.dispatchedBy.description
        acknowledgement = dispatch.acknowledgement.map {
            AcknowledgementDTO(
                at: $0.at, recordedBy: $0.recordedBy.description, acknowledgedBy: $0.acknowledgedBy, channel: $0.channel
            )
        }
        units = dispatch.units.map {
            AssignedUnitDTO(unitId: $0.unitID.rawValue, callsign: $0.callsign, assignedAt: $0.assignedAt)
        }
        enRouteAt = dispatch.enRouteAt
        onSceneAt = dispatch.onSceneAt
        completedAt = dispatch.completedAt
        outcome = dispatch.outcome
        endReason = dispatch.endReason
        endedAt = dispatch.endedAt
        declinedAt = dispatch.declinedAt
        reroutedTo = dispatch.reroutedTo?.rawValue
        reach = dispatch.reach
        nextActions = dispatch.status.nextActions
    }
}

/// What the matrix proposes for an incident, with the agencies' names for the console.
struct RoutingProposalDTO: Encodable, Sendable {
    struct ProposedAgency: Encodable, Sendable {
        var id: String
        var name: String?
        var role: String
        var channel: ForwardingChannel?
    }

    var matrixVersion: Int?
    var isFallback: Bool
    var agencies: [ProposedAgency]

    init(_ proposal: RoutingProposal?, agencies: [Agency]) {
        matrixVersion = proposal?.matrixVersion
        isFallback = proposal?.isFallback ?? true
        let byID = Dictionary(agencies.map { ($0.id, $0) }) { first, _ in first }
        self.agencies = (proposal?.agencies ?? []).map { id in
            ProposedAgency(
                id: id.rawValue, name: byID[id]?.name, role: id == proposal?.primary ? "primary" : "supporting",
                channel: byID[id]?.channel)
        }
    }
}
