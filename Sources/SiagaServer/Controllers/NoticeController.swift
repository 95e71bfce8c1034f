import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// How Siaga112 reaches agencies by itself.
///
/// | method | path                          | does                                                        |
/// |--------|-------------------------------|-------------------------------------------------------------|
/// | GET    | /agencies/{id}/notice-ladder  | the agency's ladder, recipients masked (`?reveal=true`: whole, audited) |
/// | PUT    | /agencies/{id}/notice-ladder  | set the agency's ladder                                     |
/// | GET    | /incidents/{id}/notices       | the incident's notices and where each stands                |
struct NoticeController {
    let store: SQLStore
    let ladders: NoticeLadderService
    let carriers: NoticeCarriers
    let audit: AuditTrail

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("agencies/{id}/notice-ladder", .referenceRead, use: showLadder)
        group.put("agencies/{id}/notice-ladder", .regionConfigure, use: saveLadder)
        group.get("incidents/{id}/notices", .incidentRead, use: incidentNotices)
    }

    @Sendable func showLadder(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        var query = QueryReader(request)
        let reveal = query.flag("reveal") ?? false
        try query.check(request.language)
        guard let agency = try await store.read({ try await $0.agency(id) }) else { throw AgencyNotFound(id: id) }
        try context.authorize(reveal ? .regionConfigure : .referenceRead, .region(agency.regionCode))
        let ladder = try await store.read { try await $0.noticeLadder(of: id) } ?? NoticeLadder()
        if reveal {
            try await context.record(
                .noticeRecipientsRevealed, in: audit, target: id.rawValue, region: agency.regionCode)
        }
        return try .json(NoticeLadderDTO(agency: id, ladder: ladder, revealed: reveal, configured: carriers.channels))
    }

    @Sendable func saveLadder(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        let body = try await RequestBody<NoticeLadderRequest>.decode(request)
        let work = ladders.save(try body.value.validated(), of: id, as: context.acting, address: context.address)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let configured = carriers.channels
        return .write(
            try await store.perform(work, idempotency: claim) { agency, ladder in
                try storedJSON(
                    NoticeLadderDTO(agency: agency.id, ladder: ladder, revealed: false, configured: configured),
                    status: 200)
            })
    }

    @Sendable func incidentNotices(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        let notices = try await store.read { reader in
            let incident = try await context.readableIncident(key, in: reader)
            let all = try await reader.notices(of: incident.id)
            // An agency sees its own notices only.
            return all.filter { notice in context.principal.agency.map { $0 == notice.agencyID } ?? true }
        }
        return try .json(["notices": notices.map(NoticeDTO.init)])
    }
}
