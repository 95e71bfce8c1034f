import Foundation
import SiagaCore

/// What a field team's phone shows: the unit, and its current task if it has one.
struct FieldTaskDTO: Encodable, Sendable {
    struct TaskDTO: Encodable, Sendable {
        var incidentId: String
        var number: String
        var priority: Priority
        var category: String?
        var subcategory: String?
        var description: String
        var location: LocationDTO?
        var agencyId: String
        var dispatchStatus: DispatchStatus
        /// The buttons to show: `enRoute`, `onScene`, `completed`.
        var nextStatuses: [String]
        var incidentVersion: Int
    }

    var unit: UnitDTO
    var task: TaskDTO?

    init(unit: ResponseUnit, incident: Incident?) {
        self.unit = UnitDTO(unit)
        task = incident.flatMap { incident in
            incident.activeDispatches.first { $0.units.contains { $0.unitID == unit.id } }.map { dispatch in
                TaskDTO(
                    incidentId: incident.id.rawValue, number: incident.number.description, priority: incident.priority,
                    category: incident.classification?.category, subcategory: incident.classification?.subcategory,
                    description: incident.description, location: incident.location.map(LocationDTO.init),
                    agencyId: dispatch.agencyID.rawValue, dispatchStatus: dispatch.status,
                    nextStatuses: FieldStatus.allCases.filter { dispatch.status.allows($0.action) }.map(\.rawValue),
                    incidentVersion: incident.version)
            }
        }
    }
}

/// The three buttons of a field team.
enum FieldStatus: String, Decodable, CaseIterable, Sendable {
    case enRoute
    case onScene
    case completed

    var action: DispatchAction {
        switch self {
        case .enRoute: .markEnRoute
        case .onScene: .markOnScene
        case .completed: .complete
        }
    }
}

/// `POST /units/{id}/status`: a field team pressed a button. Phones retry: send an `Idempotency-Key`.
struct FieldStatusRequest: Decodable, Sendable {
    var status: FieldStatus
    var outcome: OutcomeInput?

    func command(for unit: UnitID) throws(ValidationError) -> DispatchCommand {
        switch status {
        case .enRoute: return .markEnRoute(unit)
        case .onScene: return .markOnScene(unit)
        case .completed:
            guard let outcome = outcome?.outcome else { throw ValidationError([FieldError("outcome", .required)]) }
            try ValidationError.check(outcome.problems())
            return .complete(outcome)
        }
    }
}
