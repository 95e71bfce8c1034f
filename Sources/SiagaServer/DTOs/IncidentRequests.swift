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
        if let callerName, callerName.count > 200 { errors.append(FieldError("callerName", .tooLong(max: 200))) }
        var location: Location?
        do throws(ValidationError) { location = try self.location?.validated(field: "location") } catch {
            errors += error.fieldErrors
        }
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

    static let types = [
        "classify", "locate", "changePriority", "addNote", "linkCall", "dispatch", "resolve", "close", "reopen",
        "cancel",
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
        default:
            errors.append(FieldError("type", .unknownValue(allowed: Self.types)))
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
