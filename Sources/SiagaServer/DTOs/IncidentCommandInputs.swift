import Foundation
import SiagaCore

/// One command on `POST /incidents/{id}/events`, as the client sends it: a `Decodable` per command, chosen by the
/// body's `type`. Adding a command is one type here, listed in ``IncidentCommandRequest/inputs``, and its wording.
///
/// Fields are optional on the wire so that every missing or wrong field is named in one answer, together with a
/// wrong `version`; `command(_:)` checks them and builds the validated command.
protocol IncidentCommandInput: Decodable, Sendable {
    /// The `type` that names this command on the wire.
    static var type: String { get }
    /// The validated command, or nil with the reasons added to `checks`.
    func command(_ checks: inout FieldChecks) -> IncidentCommand?
}

/// A step of one agency's dispatch; every one names the agency (`agencyId`).
protocol DispatchStepInput: IncidentCommandInput {
    var agencyId: String? { get }
    func step(_ checks: inout FieldChecks) -> DispatchCommand?
}

extension DispatchStepInput {
    func command(_ checks: inout FieldChecks) -> IncidentCommand? {
        let step = step(&checks)
        let agency = checks.required(agencyId, "agencyId")
        guard let step, let agency else { return nil }
        return .updateDispatch(AgencyID(agency), step)
    }
}

/// The reasons a request's fields are refused, gathered so that one answer names them all.
struct FieldChecks {
    var errors: [FieldError] = []

    mutating func required<T>(_ value: T?, _ field: String) -> T? {
        if value == nil { errors.append(FieldError(field, .required)) }
        return value
    }

    /// Required text within `max` characters, trimmed.
    mutating func text(_ value: String?, _ field: String, max: Int) -> String? {
        guard let value = required(value, field) else { return nil }
        let problems = TextRules.problems(value, field: field, max: max)
        errors += problems
        return problems.isEmpty ? value.trimmingWhitespace : nil
    }

    /// Text that may be left out or blank.
    mutating func optionalText(_ value: String?, _ field: String) -> String? {
        guard let value, !value.trimmingWhitespace.isEmpty else { return nil }
        return text(value, field, max: Incident.maxReasonLength)
    }
}

/// A dispatch's outcome as a team reports it.
struct OutcomeInput: Decodable, Sendable {
    var summary: String
    var victims: Int?
    var injured: Int?
    var deaths: Int?
    var displaced: Int?
    var buildingsAffected: Int?

    var outcome: DispatchOutcome {
        DispatchOutcome(
            summary: summary.trimmingWhitespace, victims: victims, injured: injured, deaths: deaths,
            displaced: displaced, buildingsAffected: buildingsAffected)
    }
}

/// The incident's commands, one type each.
enum IncidentCommandInputs {
    struct Classify: IncidentCommandInput {
        static let type = "classify"
        var category: String?
        var subcategory: String?
        var priority: Priority?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.required(category, "category").map {
                .classify(Classification(category: $0, subcategory: subcategory), priority: priority)
            }
        }
    }

    struct Locate: IncidentCommandInput {
        static let type = "locate"
        var location: LocationDTO?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            guard let location = checks.required(location, "location") else { return nil }
            do throws(ValidationError) { return .locate(try location.validated(field: "location")) } catch {
                checks.errors += error.fieldErrors
                return nil
            }
        }
    }

    struct ChangePriority: IncidentCommandInput {
        static let type = "changePriority"
        var priority: Priority?
        var reason: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            guard let priority = checks.required(priority, "priority") else { return nil }
            return .changePriority(priority, reason: checks.optionalText(reason, "reason"))
        }
    }

    struct AddNote: IncidentCommandInput {
        static let type = "addNote"
        var text: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.text(text, "text", max: Incident.maxNoteLength).map { .addNote($0) }
        }
    }

    struct LinkCall: IncidentCommandInput {
        static let type = "linkCall"
        var callId: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.required(callId, "callId").map { .linkCall(CallID($0), callerNumber: nil) }
        }
    }

    struct Dispatch: IncidentCommandInput {
        static let type = "dispatch"
        var agencyId: String?
        var note: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            guard let agency = checks.required(agencyId, "agencyId") else { return nil }
            return .dispatch(AgencyID(agency), note: checks.optionalText(note, "note"))
        }
    }

    struct Resolve: IncidentCommandInput {
        static let type = "resolve"
        var summary: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.text(summary, "summary", max: Incident.maxNoteLength).map { .resolve(summary: $0) }
        }
    }

    struct Close: IncidentCommandInput {
        static let type = "close"
        var note: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            .close(note: checks.optionalText(note, "note"))
        }
    }

    struct Reopen: IncidentCommandInput {
        static let type = "reopen"
        var reason: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.text(reason, "reason", max: Incident.maxReasonLength).map { .reopen(reason: $0) }
        }
    }

    struct Cancel: IncidentCommandInput {
        static let type = "cancel"
        var reason: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            checks.text(reason, "reason", max: Incident.maxReasonLength).map { .cancel(reason: $0) }
        }
    }

    /// Confirms an incident a system opened (a BMKG quake), with what the call taker found out.
    struct Verify: IncidentCommandInput {
        static let type = "verify"
        var note: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            .verify(note: checks.optionalText(note, "note"))
        }
    }

    struct Forward: IncidentCommandInput {
        static let type = "forward"
        var agencyIds: [String]?
        var reason: String?

        func command(_ checks: inout FieldChecks) -> IncidentCommand? {
            // Without agencyIds the matrix's proposal is sent as it is (filled in by the service).
            .forward(
                agencies: (agencyIds ?? []).map(AgencyID.init), proposal: nil,
                reason: checks.optionalText(reason, "reason"))
        }
    }
}
