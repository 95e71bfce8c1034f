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

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.post("agencies", use: create)
        group.get("agencies/{id}", use: show)
        group.patch("agencies/{id}", use: update)
        group.patch("regions/{code}", use: updateRegion)
        group.get("regions/{code}/bundle", use: exportBundle)
        group.post("regions/import", use: importBundle)
    }

    @Sendable func create(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let body = try await RequestBody<CreateAgencyRequest>.decode(request)
        let agency = try body.value.validated()
        let outcome = try await store.write(
            idempotency: try request.idempotencyClaim(fingerprint: body.fingerprint), now: dependencies.now()
        ) { transaction in
            guard try await transaction.reader.region(agency.regionCode) != nil else {
                throw ValidationError([FieldError("regionCode", .unknownValue(allowed: []))])
            }
            guard try await transaction.reader.agency(agency.id) == nil else { throw AgencyExists(id: agency.id) }
            try await transaction.upsertAgency(agency)
            return try storedJSON(AgencyDTO(agency), status: 201, location: "/api/v1/agencies/\(agency.id)")
        }
        return .write(outcome)
    }

    @Sendable func show(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        guard let agency = try await store.read({ try await $0.agency(id) }) else { throw AgencyNotFound(id: id) }
        return try .json(AgencyDTO(agency))
    }

    @Sendable func update(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        let body = try await RequestBody<UpdateAgencyRequest>.decode(request)
        let outcome = try await store.write(
            idempotency: try request.idempotencyClaim(fingerprint: body.fingerprint), now: dependencies.now()
        ) { transaction in
            guard let agency = try await transaction.reader.agency(id) else { throw AgencyNotFound(id: id) }
            let updated = try body.value.applied(to: agency)
            try await transaction.upsertAgency(updated)
            return try storedJSON(AgencyDTO(updated), status: 200)
        }
        return .write(outcome)
    }

    @Sendable func exportBundle(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        try .json(try await RegionBundle.export(try RegionPath.code(request, context), from: store))
    }

    @Sendable func importBundle(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let body = try await RequestBody<RegionBundle>.decode(request)
        let onboarded = try await body.value.importRegion(dependencies: dependencies, actor: request.actor)
        var response = try Response.json(OnboardedRegionDTO(onboarded), status: .created)
        response.headers[.location] = "/api/v1/regions/\(onboarded.region.code)"
        return response
    }

    @Sendable func updateRegion(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        let body = try await RequestBody<UpdateRegionRequest>.decode(request)
        let outcome = try await store.write(
            idempotency: try request.idempotencyClaim(fingerprint: body.fingerprint), now: dependencies.now()
        ) { transaction in
            guard var region = try await transaction.reader.region(code) else { throw StoreError.regionNotFound(code) }
            region.policy = try body.value.applied(to: region.policy)
            try await transaction.updatePolicy(of: code, to: region.policy)
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
