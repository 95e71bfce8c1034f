import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Warnings a region issues to the public and to other systems, as CAP 1.2.
///
/// | method | path                              | does                                                            |
/// |--------|-----------------------------------|-----------------------------------------------------------------|
/// | POST   | /regions/{code}/cap-alerts        | a supervisor or BPBD operator issues a warning for kecamatan      |
/// | GET    | /regions/{code}/cap-alerts        | the region's messages, newest first, each with what replaced it  |
/// | POST   | /cap-alerts/{identifier}/update   | replaces a warning with new words, areas or validity (`Update`)  |
/// | POST   | /cap-alerts/{identifier}/cancel   | withdraws it, with the reason (`Cancel`)                          |
/// | GET    | /cap/alerts/{identifier}          | public: one message as CAP 1.2 XML                               |
/// | GET    | /cap/regions/{code}/feed          | public: the region's messages of the last 30 days as Atom        |
struct CAPController {
    let dependencies: Dependencies
    let audit: AuditTrail

    private var store: SQLStore { dependencies.store }

    func addPublicRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("cap/alerts/{identifier}", use: document)
        group.get("cap/regions/{code}/feed", use: feed)
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("regions/{code}/cap-alerts", .warningIssue, use: issue)
        group.get("regions/{code}/cap-alerts", .referenceRead, use: list)
        group.post("cap-alerts/{identifier}/update", .warningIssue, use: update)
        group.post("cap-alerts/{identifier}/cancel", .warningIssue, use: cancel)
    }

    struct IssueRequest: Decodable, Sendable {
        struct Words: Decodable, Sendable {
            var headline: String
            var description: String
            var instruction: String?
        }

        var event: CAPEvent
        var kecamatan: [String]
        var urgency: CAPInfo.Urgency
        var severity: CAPInfo.Severity
        var certainty: CAPInfo.Certainty
        var headline: String
        var description: String
        var instruction: String?
        var english: Words?
        var validHours: Int?
        var status: String?
    }

    struct CancelRequest: Decodable, Sendable {
        var reason: String
    }

    struct MessageDTO: Encodable, Sendable {
        var identifier: String
        var region: String
        var messageType: String
        var sent: Date
        var expires: Date?
        var headline: String?
        var replacedBy: String?
        var issuedBy: String
        /// Where the public reads it.
        var url: String

        init(_ stored: StoredCAPAlert) {
            identifier = stored.alert.identifier
            region = stored.region.rawValue
            messageType = stored.alert.messageType.rawValue
            sent = stored.alert.sent
            expires = stored.alert.info.map(\.expires).max()
            headline = stored.alert.info.first?.headline
            replacedBy = stored.replacedBy
            issuedBy = stored.issuedBy.description
            url = CAPController.path(of: stored.alert.identifier)
        }
    }

    static func path(of identifier: String) -> String { "/api/v1/cap/alerts/\(identifier)" }

    @Sendable func issue(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        let body = try await RequestBody<IssueRequest>.decode(request)
        let issuance = try await CAPIssuance(dependencies: dependencies, region: code, context: context)
        let issued = try await issuance.issue(try issuance.parse(body.value), replacing: nil)
        return try .json(MessageDTO(issued), status: .created)
    }

    @Sendable func update(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let previous = try await existing(request, context)
        let body = try await RequestBody<IssueRequest>.decode(request)
        let issuance = try await CAPIssuance(dependencies: dependencies, region: previous.region, context: context)
        let issued = try await issuance.issue(try issuance.parse(body.value), replacing: previous)
        return try .json(MessageDTO(issued), status: .created)
    }

    @Sendable func cancel(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let previous = try await existing(request, context)
        let body = try await RequestBody<CancelRequest>.decode(request)
        let reason = body.value.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw ValidationError([FieldError("reason", .required)]) }
        if reason.count > CAPIssue.maxText {
            throw ValidationError([FieldError("reason", .tooLong(max: CAPIssue.maxText))])
        }
        let issuance = try await CAPIssuance(dependencies: dependencies, region: previous.region, context: context)
        return try .json(MessageDTO(try await issuance.cancel(previous, reason: reason)), status: .created)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let since = dependencies.now().addingTimeInterval(-30 * 86_400)
        let alerts = try await store.read { try await $0.capAlerts(of: code, since: since) }
        return try .json(ItemsDTO(items: alerts.map(MessageDTO.init)))
    }

    /// The message named in the path, for a principal who may issue in its region.
    private func existing(_ request: Request, _ context: AuthorizedContext) async throws -> StoredCAPAlert {
        let identifier = try context.parameters.require("identifier")
        guard let stored = try await store.read({ try await $0.capAlert(identifier) }) else {
            throw ProblemDetails.capAlertNotFound(identifier, request.language)
        }
        try context.authorize(.warningIssue, .region(stored.region))
        // Only the latest word on a warning is updated or withdrawn, and a withdrawn one stays withdrawn.
        if stored.replacedBy != nil || stored.alert.messageType == .cancel { throw CAPAlreadyReplaced() }
        return stored
    }

    @Sendable func document(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let identifier = try context.parameters.require("identifier")
        guard let stored = try await store.read({ try await $0.capAlert(identifier) }) else {
            throw ProblemDetails.capAlertNotFound(identifier, request.language)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/cap+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: stored.xml)))
    }

    @Sendable func feed(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        guard let code = context.parameters.get("code").flatMap(RegionCode.init), code.level == .kabupaten,
            let region = try await store.read({ try await $0.region(code) })
        else { throw ProblemDetails.capAlertNotFound(context.parameters.get("code") ?? "", request.language) }
        let now = dependencies.now()
        let alerts = try await store.read {
            try await $0.capAlerts(of: code, since: now.addingTimeInterval(-30 * 86_400))
        }
        let atom = CAPDocument.atom(
            title: "Peringatan \(region.name) (Siaga112)", feedID: "urn:siaga112:cap:\(code.rawValue)",
            feedPath: "/api/v1/cap/regions/\(code.rawValue)/feed",
            entries: alerts.map { ($0.alert, Self.path(of: $0.alert.identifier)) },
            updated: alerts.first?.alert.sent ?? now,
            utcOffsetHours: region.timeZone.utcOffsetHours)
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: atom)))
    }
}

extension ProblemDetails {
    static func capAlertNotFound(_ identifier: String, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "not-found", status: .notFound, title: language.pick("Tidak ditemukan", "Not found"),
            detail: language.pick(
                "Tidak ada peringatan CAP '\(identifier)' di sini.", "There is no CAP warning '\(identifier)' here."))
    }
}
