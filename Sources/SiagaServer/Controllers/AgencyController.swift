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
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }

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
        let agency = try body.value.validated()
        try context.authorize(.regionConfigure, .region(agency.regionCode))
        let at = dependencies.now().truncatedToMilliseconds
        let outcome = try await store.write(
            idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint), now: at
        ) { transaction in
            guard try await transaction.reader.region(agency.regionCode) != nil else {
                throw ValidationError([FieldError("regionCode", .unknownValue(allowed: []))])
            }
            guard try await transaction.reader.agency(agency.id) == nil else { throw AgencyExists(id: agency.id) }
            try await transaction.upsertAgency(agency)
            try await transaction.appendAudit(
                context.audit(.agencyCreated, at: at, target: agency.id.rawValue, region: agency.regionCode))
            return try storedJSON(AgencyDTO(agency), status: 201, location: "/api/v1/agencies/\(agency.id)")
        }
        return .write(outcome)
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
        let at = dependencies.now().truncatedToMilliseconds
        let outcome = try await store.write(
            idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint), now: at
        ) { transaction in
            guard let agency = try await transaction.reader.agency(id) else { throw AgencyNotFound(id: id) }
            try context.authorize(.regionConfigure, .region(agency.regionCode))
            let updated = try body.value.applied(to: agency)
            try await transaction.upsertAgency(updated)
            try await transaction.appendAudit(
                context.audit(
                    .agencyChanged, at: at, target: id.rawValue, region: agency.regionCode,
                    detail: AuditDetail.changes(from: agency, to: updated)))
            return try storedJSON(AgencyDTO(updated), status: 200)
        }
        return .write(outcome)
    }

    @Sendable func exportBundle(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionAdminister, .region(code))
        let bundle = try await RegionBundle.export(code, from: store)
        let at = dependencies.now().truncatedToMilliseconds
        try await store.transaction {
            try await $0.appendAudit(context.audit(.regionExported, at: at, target: code.rawValue, region: code))
        }
        return try .json(bundle)
    }

    @Sendable func importBundle(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<RegionBundle>.decode(request)
        if let code = RegionCode(body.value.code) { try context.authorize(.regionAdminister, .region(code)) }
        let onboarded = try await body.value.importRegion(
            dependencies: dependencies, actor: context.actor, address: context.address)
        var response = try Response.json(OnboardedRegionDTO(onboarded), status: .created)
        response.headers[.location] = "/api/v1/regions/\(onboarded.region.code)"
        return response
    }

    @Sendable func updateRegion(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionConfigure, .region(code))
        let body = try await RequestBody<UpdateRegionRequest>.decode(request)
        let at = dependencies.now().truncatedToMilliseconds
        let outcome = try await store.write(
            idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint), now: at
        ) { transaction in
            guard var region = try await transaction.reader.region(code) else { throw StoreError.regionNotFound(code) }
            let before = region.policy
            region.policy = try body.value.applied(to: region.policy)
            try await transaction.updatePolicy(of: code, to: region.policy)
            try await transaction.appendAudit(
                context.audit(
                    .regionChanged, at: at, target: code.rawValue, region: code,
                    detail: AuditDetail.changes(from: before, to: region.policy)))
            return try storedJSON(RegionDTO(region), status: 200)
        }
        return .write(outcome)
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
