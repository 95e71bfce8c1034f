import Foundation
import HTTPTypes
import Hummingbird
import SiagaCore
import SiagaStore

/// Agencies and region settings.
///
/// | method | path              | does                                                           |
/// |--------|-------------------|----------------------------------------------------------------|
/// | POST   | /agencies         | add an agency to a region                                      |
/// | GET    | /agencies/{id}    | one agency                                                     |
/// | PATCH  | /agencies/{id}    | change name, phone, kind, channel, or deactivate               |
/// | PATCH  | /regions/{code}   | change the region's policy (repeat pranks, automatic P1)       |
/// | GET    | /regions/{code}/bundle | the region's whole configuration, to move it elsewhere    |
/// | POST   | /regions/import   | onboard a region from a bundle exported by another deployment  |
struct AgencyController {
    let store: SQLStore
    let agencies: AgencyService
    let regions: RegionService
    let audit: AuditTrail

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("agencies", .regionConfigure, use: create)
        group.get("agencies/{id}", .referenceRead, use: show)
        group.patch("agencies/{id}", .regionConfigure, use: update)
        group.patch("regions/{code}", .regionConfigure, use: updateRegion)
        group.get("regions/{code}/bundle", .regionAdminister, use: exportBundle)
        group.post("regions/import", .regionAdminister, use: importBundle)
    }

    @Sendable func create(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateAgencyRequest>.decode(request)
        let work = try agencies.create(try body.value.validated(), as: context.acting, address: context.address)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(
            try await store.perform(work, idempotency: claim) {
                try storedJSON(AgencyDTO($0), status: 201, location: "/api/v1/agencies/\($0.id)")
            })
    }

    @Sendable func show(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        guard let agency = try await store.read({ try await $0.agency(id) }) else { throw AgencyNotFound(id: id) }
        try context.authorize(.referenceRead, .region(agency.regionCode))
        return try .json(AgencyDTO(agency))
    }

    @Sendable func update(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        let body = try await RequestBody<UpdateAgencyRequest>.decode(request)
        let work = agencies.update(id, as: context.acting, address: context.address) { [change = body.value] in
            try change.applied(to: $0)
        }
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(AgencyDTO($0), status: 200) })
    }

    @Sendable func exportBundle(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionAdminister, .region(code))
        let bundle = try await RegionBundle.export(code, from: store)
        try await context.record(.regionExported, in: audit, target: code.rawValue, region: code)
        return try .json(bundle)
    }

    @Sendable func importBundle(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<RegionBundle>.decode(request)
        let work = try regions.importBundle(body.value, as: context.acting, address: context.address)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(
            try await store.perform(work, idempotency: claim) {
                try storedJSON(
                    OnboardedRegionDTO($0), status: 201, location: "/api/v1/regions/\($0.region.code)")
            })
    }

    @Sendable func updateRegion(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try context.acting.authorized(.regionConfigure, region: try RegionPath.code(request, context))
        let body = try await RequestBody<UpdateRegionRequest>.decode(request)
        let work = regions.updatePolicy(of: region, address: context.address) { [change = body.value] in
            try change.applied(to: $0)
        }
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(RegionDTO($0), status: 200) })
    }
}

struct AgencyNotFound: Error {
    var id: AgencyID
}

struct AgencyExists: Error {
    var id: AgencyID
}

extension AgencyNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("Instansi \(id) tidak ditemukan.", "Agency \(id) not found."), language)
    }
}

extension AgencyExists: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "agency-exists", status: .conflict, title: language.pick("Instansi sudah ada", "Agency already exists"),
            detail: language.pick(
                "Kode instansi \(id) sudah dipakai di wilayah ini.", "Agency code \(id) is already used in this region."
            ))
    }
}
