import Foundation
import SiagaCore

/// The steps of one agency's dispatch, one type each.
enum DispatchStepInputs {
    struct Acknowledge: DispatchStepInput {
        static let type = "acknowledgeDispatch"
        var agencyId: String?
        var acknowledgedBy: String?
        var channel: ForwardingChannel?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            let person = acknowledgedBy?.trimmingWhitespace.nilIfEmpty
            if let person, person.storedLength > 200 {
                checks.errors.append(FieldError("acknowledgedBy", .tooLong(max: 200)))
            }
            return .acknowledge(acknowledgedBy: person, channel: channel)
        }
    }

    struct AssignUnit: DispatchStepInput {
        static let type = "assignUnit"
        var agencyId: String?
        var unitId: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            checks.required(unitId, "unitId").map { .assignUnit(UnitID($0)) }
        }
    }

    struct MarkEnRoute: DispatchStepInput {
        static let type = "markEnRoute"
        var agencyId: String?
        var unitId: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? { .markEnRoute(unitId.map(UnitID.init)) }
    }

    struct MarkOnScene: DispatchStepInput {
        static let type = "markOnScene"
        var agencyId: String?
        var unitId: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? { .markOnScene(unitId.map(UnitID.init)) }
    }

    struct Complete: DispatchStepInput {
        static let type = "completeDispatch"
        var agencyId: String?
        var outcome: OutcomeInput?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            guard let outcome = checks.required(outcome, "outcome")?.outcome else { return nil }
            let problems = outcome.problems()
            checks.errors += problems
            return problems.isEmpty ? .complete(outcome) : nil
        }
    }

    struct Decline: DispatchStepInput {
        static let type = "declineDispatch"
        var agencyId: String?
        var reason: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            checks.text(reason, "reason", max: Incident.maxReasonLength).map { .decline(reason: $0) }
        }
    }

    struct Reroute: DispatchStepInput {
        static let type = "rerouteDispatch"
        var agencyId: String?
        var toAgencyId: String?
        var reason: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            let target = checks.required(toAgencyId, "toAgencyId")
            let why = checks.text(reason, "reason", max: Incident.maxReasonLength)
            guard let target, let why else { return nil }
            return .reroute(to: AgencyID(target), reason: why)
        }
    }

    struct Cancel: DispatchStepInput {
        static let type = "cancelDispatch"
        var agencyId: String?
        var reason: String?

        func step(_ checks: inout FieldChecks) -> DispatchCommand? {
            checks.text(reason, "reason", max: Incident.maxReasonLength).map { .cancel(reason: $0) }
        }
    }
}
