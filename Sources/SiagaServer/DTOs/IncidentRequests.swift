import Foundation
import SiagaCore

/// `POST /incidents`.
struct CreateIncidentRequest: Decodable, Sendable {
    var regionCode: String
    var category: String?
    var subcategory: String?
    var priority: Priority?
    var location: LocationDTO?
    var description: String
    var callerNumber: String?
    var callerName: String?
    var callId: String?

    func validated() throws(ValidationError) -> CreateIncident {
        var errors = TextRules.problems(description, field: "description", max: Incident.maxDescriptionLength)
        let region = RegionCode(regionCode)
        if region?.level != .kabupaten { errors.append(FieldError("regionCode", .invalidFormat)) }
        if subcategory != nil, category == nil { errors.append(FieldError("category", .required)) }
        let number = callerNumber.map(PhoneNumber.init)
        if number == .some(nil) { errors.append(FieldError("callerNumber", .invalidFormat)) }
        if let callerName, callerName.storedLength > 200 { errors.append(FieldError("callerName", .tooLong(max: 200))) }
        var location: Location?
        do throws(ValidationError) { location = try self.location?.validated(field: "location") } catch {
            errors += error.fieldErrors
        }
        if let location, let region { errors += location.problems(outside: region) }
        try ValidationError.check(errors)
        return CreateIncident(
            regionCode: region!,
            classification: category.map { Classification(category: $0, subcategory: subcategory) },
            priority: priority, location: location, description: description.trimmingWhitespace,
            callerNumber: number ?? nil, callerName: callerName?.trimmingWhitespace.nilIfEmpty,
            callID: callId.map(CallID.init))
    }
}

/// `POST /incidents/{id}/events`: one command, named by `type`, with the incident version it was made against.
struct IncidentCommandRequest: Decodable, Sendable {
    var type: String
    var version: Int
    var category: String?
    var subcategory: String?
    var priority: Priority?
    var location: LocationDTO?
    var reason: String?
    var text: String?
    var callId: String?
    var agencyId: String?
    var note: String?
    var summary: String?
    var agencyIds: [String]?
    var toAgencyId: String?
    var unitId: String?
    var acknowledgedBy: String?
    var channel: ForwardingChannel?
    var outcome: OutcomeInput?

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

    static let types = [
        "classify", "locate", "changePriority", "addNote", "linkCall", "dispatch", "resolve", "close", "reopen",
        "cancel", "forward", "acknowledgeDispatch", "assignUnit", "markEnRoute", "markOnScene", "completeDispatch",
        "declineDispatch", "rerouteDispatch", "cancelDispatch",
    ]

    func validated() throws(ValidationError) -> IncidentCommand {
        var errors: [FieldError] = []
        if version < 1 { errors.append(FieldError("version", .outOfRange)) }
        let command = command(&errors)
        try ValidationError.check(errors)
        return command!
    }

    private func command(_ errors: inout [FieldError]) -> IncidentCommand? {
        switch type {
        case "classify":
            guard let category = required(category, "category", &errors) else { return nil }
            return .classify(Classification(category: category, subcategory: subcategory), priority: priority)
        case "locate":
            guard let location = required(location, "location", &errors) else { return nil }
            do throws(ValidationError) { return .locate(try location.validated(field: "location")) } catch {
                errors += error.fieldErrors
                return nil
            }
        case "changePriority":
            guard let priority = required(priority, "priority", &errors) else { return nil }
            return .changePriority(priority, reason: optionalText(reason, "reason", &errors))
        case "addNote":
            return text(text, "text", Incident.maxNoteLength, &errors).map { .addNote($0) }
        case "linkCall":
            return required(callId, "callId", &errors).map { .linkCall(CallID($0), callerNumber: nil) }
        case "dispatch":
            guard let agency = required(agencyId, "agencyId", &errors) else { return nil }
            return .dispatch(AgencyID(agency), note: optionalText(note, "note", &errors))
        case "resolve":
            return text(summary, "summary", Incident.maxNoteLength, &errors).map { .resolve(summary: $0) }
        case "close":
            return .close(note: optionalText(note, "note", &errors))
        case "reopen":
            return text(reason, "reason", Incident.maxReasonLength, &errors).map { .reopen(reason: $0) }
        case "cancel":
            return text(reason, "reason", Incident.maxReasonLength, &errors).map { .cancel(reason: $0) }
        case "forward":
            // Without agencyIds the matrix's proposal is sent as it is (filled in by the service).
            return .forward(
                agencies: (agencyIds ?? []).map(AgencyID.init), proposal: nil,
                reason: optionalText(reason, "reason", &errors))
        default:
            guard let step = dispatchStep(&errors) else {
                if !errors.isEmpty { return nil }
                errors.append(FieldError("type", .unknownValue(allowed: Self.types)))
                return nil
            }
            return required(agencyId, "agencyId", &errors).map { .updateDispatch(AgencyID($0), step) }
        }
    }

    /// The dispatch step named by `type`, or `nil` when `type` names none.
    private func dispatchStep(_ errors: inout [FieldError]) -> DispatchCommand? {
        switch type {
        case "acknowledgeDispatch":
            let person = acknowledgedBy?.trimmingWhitespace.nilIfEmpty
            if let person, person.storedLength > 200 { errors.append(FieldError("acknowledgedBy", .tooLong(max: 200))) }
            return .acknowledge(acknowledgedBy: person, channel: channel)
        case "assignUnit":
            return required(unitId, "unitId", &errors).map { .assignUnit(UnitID($0)) }
        case "markEnRoute":
            return .markEnRoute(unitId.map(UnitID.init))
        case "markOnScene":
            return .markOnScene(unitId.map(UnitID.init))
        case "completeDispatch":
            guard let outcome = required(outcome, "outcome", &errors)?.outcome else { return nil }
            let problems = outcome.problems()
            errors += problems
            return problems.isEmpty ? .complete(outcome) : nil
        case "declineDispatch":
            return text(reason, "reason", Incident.maxReasonLength, &errors).map { .decline(reason: $0) }
        case "rerouteDispatch":
            let target = required(toAgencyId, "toAgencyId", &errors)
            let why = text(reason, "reason", Incident.maxReasonLength, &errors)
            guard let target, let why else { return nil }
            return .reroute(to: AgencyID(target), reason: why)
        case "cancelDispatch":
            return text(reason, "reason", Incident.maxReasonLength, &errors).map { .cancel(reason: $0) }
        default:
            return nil
        }
    }

    private func required<T>(_ value: T?, _ field: String, _ errors: inout [FieldError]) -> T? {
        if value == nil { errors.append(FieldError(field, .required)) }
        return value
    }

    private func text(_ value: String?, _ field: String, _ max: Int, _ errors: inout [FieldError]) -> String? {
        guard let value = required(value, field, &errors) else { return nil }
        let problems = TextRules.problems(value, field: field, max: max)
        errors += problems
        return problems.isEmpty ? value.trimmingWhitespace : nil
    }

    private func optionalText(_ value: String?, _ field: String, _ errors: inout [FieldError]) -> String? {
        guard let value, !value.trimmingWhitespace.isEmpty else { return nil }
        return text(value, field, Incident.maxReasonLength, &errors)
    }
}
