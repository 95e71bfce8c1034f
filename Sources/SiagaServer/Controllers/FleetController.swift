import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// A region's units and posts after onboarding: add, change, retire (`region.configure`, audited).
///
/// | method | path                  | does                                                                   |
/// |--------|-----------------------|------------------------------------------------------------------------|
/// | POST   | /units                | add a unit to an agency                                                |
/// | PATCH  | /units/{id}           | change its callsign, kind or home post; take it out of service or back |
/// | POST   | /units/{id}/retire    | retire it (refused while it is on a task)                              |
/// | POST   | /posko                | add a post to an agency                                                |
/// | PATCH  | /posko/{id}           | change its name or position                                            |
/// | POST   | /posko/{id}/retire    | close it (refused while units wait there)                              |
struct FleetController {
    let store: SQLStore
    let fleet: FleetService

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("units", .regionConfigure, use: createUnit)
        group.patch("units/{id}", .regionConfigure, use: updateUnit)
        group.post("units/{id}/retire", .regionConfigure, use: retireUnit)
        group.post("posko", .regionConfigure, use: createPosko)
        group.patch("posko/{id}", .regionConfigure, use: updatePosko)
        group.post("posko/{id}/retire", .regionConfigure, use: retirePosko)
    }

    @Sendable func createUnit(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateUnitRequest>.decode(request)
        let work = fleet.createUnit(body.value, as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(UnitDTO($0), status: 201, location: "/api/v1/units/\($0.id)")
            })
    }

    @Sendable func updateUnit(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = UnitID(try context.parameters.require("id"))
        let body = try await RequestBody<UpdateUnitRequest>.decode(request)
        let work = fleet.updateUnit(id, body.value, as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(UnitDTO($0), status: 200)
            })
    }

    @Sendable func retireUnit(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = UnitID(try context.parameters.require("id"))
        let body = try await RequestBody<RetireRequest>.decode(request)
        let work = fleet.retireUnit(
            id, reason: try body.value.validated(), as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(UnitDTO($0), status: 200)
            })
    }

    @Sendable func createPosko(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreatePoskoRequest>.decode(request)
        let work = fleet.createPosko(body.value, as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(PoskoDTO($0), status: 201, location: "/api/v1/posko/\($0.id)")
            })
    }

    @Sendable func updatePosko(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = PoskoID(try context.parameters.require("id"))
        let body = try await RequestBody<UpdatePoskoRequest>.decode(request)
        let work = fleet.updatePosko(id, body.value, as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(PoskoDTO($0), status: 200)
            })
    }

    @Sendable func retirePosko(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = PoskoID(try context.parameters.require("id"))
        let body = try await RequestBody<RetireRequest>.decode(request)
        let work = fleet.retirePosko(
            id, reason: try body.value.validated(), as: context.acting, address: context.address)
        return .write(
            try await store.perform(
                work, idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint)
            ) {
                try storedJSON(PoskoDTO($0), status: 200)
            })
    }
}
