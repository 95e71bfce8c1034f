import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Advanced Mobile Location messages from an SMS gateway.
///
/// | method | path  | does                                                                                    |
/// |--------|-------|-----------------------------------------------------------------------------------------|
/// | POST   | /aml  | an AML SMS as received (`message`, `sender`): attached to the call, held, or rejected      |
/// | POST   | /aml/https | the HTTPS variant: the handset's form (`device_number`, `location_latitude`, …), relayed |
/// | GET    | /aml  | recorded messages (`status`, `sender`, `limit`): what was attached, held or rejected, why  |
struct AMLController {
    let store: SQLStore
    let service: AMLService

    struct ReceiveRequest: Decodable, Sendable {
        var message: String
        var sender: String
    }

    struct OutcomeDTO: Encodable, Sendable {
        var status: String
        var callId: String?
        var location: LocationDTO?
    }

    struct RecordDTO: Encodable, Sendable {
        var id: String
        var sender: String
        var receivedAt: Date
        var status: String
        var reason: String?
        var callId: String?
        var location: LocationDTO?
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        // A message is matched to its sender's call wherever that call was taken.
        group.post("aml", .amlSubmit, use: receive)
        group.post("aml/https", .amlSubmit, use: receiveHTTPS)
        group.get("aml", .amlRead, use: list)
    }

    @Sendable func receive(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<ReceiveRequest>.decode(request)
        var errors: [FieldError] = []
        let sender = PhoneNumber(body.value.sender)
        if sender == nil { errors.append(FieldError("sender", .invalidFormat)) }
        if body.value.message.storedLength > 1000 { errors.append(FieldError("message", .tooLong(max: 1000))) }
        try ValidationError.check(errors)
        let outcome = try await service.receive(
            body.value.message, from: sender!, by: context.principal)
        if let rejection = outcome.rejection { throw ProblemDetails.amlRejected(rejection, request.language) }
        return try .json(
            OutcomeDTO(
                status: outcome.status.rawValue, callId: outcome.callID?.rawValue,
                location: outcome.location.map(LocationDTO.init)),
            status: .created)
    }

    /// The HTTPS variant: the form a handset POSTs (`application/x-www-form-urlencoded`), relayed as received.
    @Sendable func receiveHTTPS(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let language = request.language
        let text = String(buffer: try await collect(request, upTo: 8 * 1024))
        guard let number = AMLMessage.httpsSender(text), let sender = PhoneNumber(number) else {
            throw ValidationError([
                FieldError("device_number", AMLMessage.httpsSender(text) == nil ? .required : .invalidFormat)
            ])
        }
        let outcome = try await service.receive(
            text, from: sender, format: .https, by: context.principal)
        if let rejection = outcome.rejection { throw ProblemDetails.amlRejected(rejection, language) }
        return try .json(
            OutcomeDTO(
                status: outcome.status.rawValue, callId: outcome.callID?.rawValue,
                location: outcome.location.map(LocationDTO.init)),
            status: .created)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let status = query.list("status", of: RecordedAML.Status.self).first
        let sender = query.string("sender").map(PhoneNumber.init)
        if sender == .some(nil) { query.fail("sender", .invalidFormat) }
        let limit = query.integer("limit", in: 1...RequestLimits.maxPageSize, default: 50)
        try query.check(request.language)
        // Outside the nation's view a message belongs where its call was taken; held ones are the gateway's.
        let records = try await store.read {
            try await $0.amlMessages(
                from: sender ?? nil, status: status, since: nil, limit: limit, newestFirst: true,
                within: context.principal.jurisdiction)
        }
        return try .json(
            ItemsDTO(
                items: records.map {
                    RecordDTO(
                        id: String($0.id), sender: $0.sender.rawValue, receivedAt: $0.receivedAt,
                        status: $0.status.rawValue,
                        reason: $0.reason, callId: $0.callID?.rawValue, location: $0.location.map(LocationDTO.init))
                }))
    }
}

extension ProblemDetails {
    static func amlRejected(_ rejection: AMLRejection, _ language: Language) -> ProblemDetails {
        let code = String(String(describing: rejection).prefix { $0 != "(" })
        return ProblemDetails(
            "aml-rejected", status: .unprocessableContent,
            title: language.pick("Pesan AML ditolak", "AML message rejected"),
            detail: language.pick(
                "Pesan dicatat tetapi lokasinya tidak dipakai: \(rejection).",
                "The message was recorded but its location not used: \(rejection)."),
            extensions: ["reason": code])
    }
}
