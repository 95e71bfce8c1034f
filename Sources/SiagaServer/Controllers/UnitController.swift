import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Units (teams and vehicles) and where they are.
///
/// | method | path                                | does                                                        |
/// |--------|-------------------------------------|-------------------------------------------------------------|
/// | GET    | /units                              | a region's units (`region=35.15`, required)                  |
/// | PUT    | /units/{id}/position                | a field team's position; stale ones ignored, floods refused  |
/// | GET    | /incidents/{id}/unit-suggestions    | an agency's available units, nearest first (`agencyId`)      |
/// | GET    | /posko                              | a region's posts (`region=35.15`, required)                  |
/// | GET    | /units/{id}/task                    | a field team's current task and the buttons it may press     |
/// | POST   | /units/{id}/status                  | a field team's button: en route, on scene, completed         |
struct UnitController {
    let store: SQLStore
    let units: UnitService
    let incidents: IncidentService
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("units", .referenceRead, use: list)
        group.put("units/{id}/position", .unitReport, use: position)
        group.get("incidents/{id}/unit-suggestions", .dispatchUpdate, use: suggestions)
        group.get("posko", .referenceRead, use: posko)
        group.get("units/{id}/task", .unitReport, use: task)
        group.post("units/{id}/status", .unitReport, use: status)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try QueryReader.requiredRegion(request)
        try context.authorize(.referenceRead, .region(code))
        let units = try await store.read { try await $0.units(of: code) }
        return try .json(ItemsDTO(items: units.map { UnitDTO($0) }))
    }

    @Sendable func task(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = UnitID(try context.parameters.require("id"))
        let (unit, incident) = try await store.read { reader in
            guard let unit = try await reader.unit(id), let agency = try await reader.agency(unit.agencyID) else {
                throw UnitNotFound(id: id)
            }
            try context.authorize(.unitReport, .unit(agency.regionCode, agency: agency.id, unit: unit.id))
            return (unit, try await reader.currentTask(of: unit, in: agency.regionCode))
        }
        return try .json(FieldTaskDTO(unit: unit, incident: incident))
    }

    @Sendable func status(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = UnitID(try context.parameters.require("id"))
        let body = try await RequestBody<FieldStatusRequest>.decode(request)
        let step = try body.value.command(for: id)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        // A phone's retry after its task ended must get the answer it missed, not "no current task".
        if let claim, let earlier = try await store.storedResponse(for: claim) {
            return .write(WriteOutcome(response: earlier, replayed: true, committedEventIDs: []))
        }
        let (incident, agency) = try await store.read { reader in
            guard let unit = try await reader.unit(id), let agency = try await reader.agency(unit.agencyID) else {
                throw UnitNotFound(id: id)
            }
            try context.authorize(.unitReport, .unit(agency.regionCode, agency: agency.id, unit: unit.id))
            guard let incident = try await reader.currentTask(of: unit, in: agency.regionCode) else {
                throw NoFieldTask(id: id)
            }
            return (incident, agency.id)
        }
        // A phone does not know the incident's version: the step applies to the incident as it is now.
        let work = incidents.execute(
            .reportFieldStep(id, agency: agency, step), on: incident.id, expectedVersion: nil, as: context.acting)
        return .write(
            try await store.perform(work, idempotency: claim) { try .changed($0, callers: context.callerView) })
    }

    @Sendable func posko(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try QueryReader.requiredRegion(request)
        try context.authorize(.referenceRead, .region(code))
        let posts = try await store.read { try await $0.posko(of: code) }
        return try .json(ItemsDTO(items: posts.map(PoskoDTO.init)))
    }

    @Sendable func position(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = UnitID(try context.parameters.require("id"))
        let body = try await RequestBody<UnitPositionRequest>.decode(request)
        let position = try body.value.validated(now: now())
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let work = units.report(position, for: id, as: context.acting)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(UnitDTO($0), status: 200) })
    }

    @Sendable func suggestions(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        var query = QueryReader(request)
        let agency = query.string("agencyId")
        if agency == nil { query.fail("agencyId", .required) }
        try query.check(request.language)
        let (incident, units, posts) = try await store.read { reader in
            let incident = try await context.readableIncident(key, in: reader)
            try context.authorize(.dispatchUpdate, .dispatch(incident.regionCode, agency: AgencyID(agency!)))
            return (
                incident, try await reader.units(of: incident.regionCode),
                try await reader.posko(of: incident.regionCode)
            )
        }
        let point = incident.location?.coordinate
        let byID = Dictionary(uniqueKeysWithValues: posts.map { ($0.id, $0) })
        let ranked = ResponseUnit.suggestions(units, of: AgencyID(agency!), near: point, posts: byID)
        return try .json(ItemsDTO(items: ranked.map { UnitDTO($0, distanceFrom: point, posts: byID) }))
    }
}

struct UnitNotFound: Error {
    var id: UnitID
}

struct NoFieldTask: Error {
    var id: UnitID
}

struct PositionTooSoon: Error {
    var retryAfter: TimeInterval
}

extension UnitNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("Unit \(id) tidak ditemukan.", "Unit \(id) not found."), language)
    }
}

extension NoFieldTask: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "no-current-task", status: .conflict,
            title: language.pick("Tidak ada tugas", "No current task"),
            detail: language.pick("Unit \(id) sedang tidak bertugas.", "Unit \(id) has no current task."),
            extensions: ["reason": "noCurrentTask"])
    }
}

extension PositionTooSoon: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        var problem = ProblemDetails(
            "too-many-positions", status: .tooManyRequests,
            title: language.pick("Posisi terlalu sering dikirim", "Positions sent too often"),
            detail: language.pick(
                "Kirim posisi paling cepat tiap \(Int(ResponseUnit.minimumPositionInterval)) detik.",
                "Send a position at most every \(Int(ResponseUnit.minimumPositionInterval)) seconds."))
        problem.retryAfterSeconds = Int(retryAfter.rounded(.up))
        return problem
    }
}
