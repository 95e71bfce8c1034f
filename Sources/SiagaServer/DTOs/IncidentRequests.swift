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
/// The rest of the body is decoded by the command's own type.
struct IncidentCommandRequest: Decodable, Sendable {
    var type: String
    var version: Int
    /// Nil when `type` names no command.
    var input: (any IncidentCommandInput)?

    /// Every command, in the order the API lists them.
    static let inputs: [any IncidentCommandInput.Type] = [
        IncidentCommandInputs.Classify.self, IncidentCommandInputs.Locate.self,
        IncidentCommandInputs.ChangePriority.self, IncidentCommandInputs.AddNote.self,
        IncidentCommandInputs.LinkCall.self, IncidentCommandInputs.Dispatch.self, IncidentCommandInputs.Resolve.self,
        IncidentCommandInputs.Close.self, IncidentCommandInputs.Reopen.self, IncidentCommandInputs.Cancel.self,
        IncidentCommandInputs.Verify.self,
        IncidentCommandInputs.Forward.self, DispatchStepInputs.Acknowledge.self, DispatchStepInputs.AssignUnit.self,
        DispatchStepInputs.MarkEnRoute.self, DispatchStepInputs.MarkOnScene.self, DispatchStepInputs.Complete.self,
        DispatchStepInputs.Decline.self, DispatchStepInputs.Reroute.self, DispatchStepInputs.Cancel.self,
    ]

    static let types = inputs.map { $0.type }
    private static let byType = Dictionary(uniqueKeysWithValues: inputs.map { ($0.type, $0) })

    private enum CodingKeys: String, CodingKey {
        case type, version
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        version = try container.decode(Int.self, forKey: .version)
        input = try Self.byType[type].map { try $0.init(from: decoder) }
    }

    func validated() throws(ValidationError) -> IncidentCommand {
        var checks = FieldChecks()
        if version < 1 { checks.errors.append(FieldError("version", .outOfRange)) }
        let command = input?.command(&checks)
        if input == nil { checks.errors.append(FieldError("type", .unknownValue(allowed: Self.types))) }
        try ValidationError.check(checks.errors)
        return command!
    }
}
