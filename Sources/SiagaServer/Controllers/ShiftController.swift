import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Shifts, the roster, who is on duty, agencies' duty marks and the shift handover (serah terima).
///
/// | method | path                                  | does                                                          |
/// |--------|---------------------------------------|---------------------------------------------------------------|
/// | GET    | /regions/{code}/shifts                | the shift pattern and the shift running now                   |
/// | PUT    | /regions/{code}/shifts                | replace the pattern (must cover the day exactly once)         |
/// | GET    | /regions/{code}/roster?day=           | who is rostered on each shift of a day                        |
/// | PUT    | /regions/{code}/roster/{day}/{shift}  | set who is rostered on one shift                              |
/// | GET    | /regions/{code}/on-duty               | the floor now, and each agency's operators; unattended flagged |
/// | POST   | /agencies/{id}/duty                   | an agency operator goes on or off duty (`onDuty`)             |
/// | POST   | /regions/{code}/handovers             | the outgoing supervisor's note, with a generated summary      |
/// | GET    | /regions/{code}/handovers             | recent handovers, newest first (supervisors: they list the    |
/// |        |                                       | whole region's open incidents)                                |
/// | GET    | /handovers/{id}                       | one handover                                                  |
/// | POST   | /handovers/{id}/acknowledgement       | the incoming supervisor receives it                           |
struct ShiftController {
    let store: SQLStore
    let shifts: ShiftService
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions/{code}/shifts", .shiftRead, use: pattern)
        group.put("regions/{code}/shifts", .shiftManage, use: replacePattern)
        group.get("regions/{code}/roster", .shiftRead, use: roster)
        group.put("regions/{code}/roster/{day}/{shift}", .shiftManage, use: setRoster)
        group.get("regions/{code}/on-duty", .shiftRead, use: onDuty)
        group.post("agencies/{id}/duty", .agencyDuty, use: markDuty)
        group.post("regions/{code}/handovers", .shiftHandover, use: writeHandover)
        group.get("regions/{code}/handovers", .shiftHandover, use: handovers)
        group.get("handovers/{id}", .shiftHandover, use: showHandover)
        group.post("handovers/{id}/acknowledgement", .shiftHandover, use: acknowledge)
    }

    @Sendable func pattern(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftRead)
        let pattern = try await store.read { try await $0.shiftPattern(of: region.code) }
        return try .json(
            ShiftPatternDTO(
                shifts: pattern.inDayOrder.map(ShiftDefinitionDTO.init),
                current: ShiftOccurrenceDTO(pattern.occurrence(at: now(), in: region.timeZone))))
    }

    @Sendable func replacePattern(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftManage)
        let body = try await RequestBody<ShiftPatternRequest>.decode(request).value
        let pattern = ShiftPattern(shifts: body.shifts.map(\.definition))
        // The pattern speaks of minutes; the client sent `start`.
        try ValidationError.check(
            pattern.problems.map { error in
                guard error.field.hasSuffix(".startMinute") else { return error }
                return FieldError(String(error.field.dropLast("Minute".count)), error.reason)
            })
        let at = try await shifts.replacePattern(pattern, of: region.code, by: context)
        return try .json(
            ShiftPatternDTO(
                shifts: pattern.inDayOrder.map(ShiftDefinitionDTO.init),
                current: ShiftOccurrenceDTO(pattern.occurrence(at: at, in: region.timeZone))))
    }

    @Sendable func roster(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftRead)
        var query = QueryReader(request)
        let day = query.string("day").map(LocalDay.init(iso:))
        if day == .some(nil) { query.fail("day", .invalidFormat) }
        try query.check(request.language)
        let chosen = (day ?? nil) ?? LocalDay(now(), in: region.timeZone)
        let (pattern, roster) = try await store.read {
            (try await $0.shiftPattern(of: region.code), try await $0.roster(of: region.code, day: chosen))
        }
        return try .json(
            RosterDTO(
                day: chosen.description,
                shifts: pattern.inDayOrder.map {
                    RosterDTO.Shift(code: $0.code, name: $0.name, usernames: roster[$0.code] ?? [])
                }
            ))
    }

    @Sendable func setRoster(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftManage)
        let dayText = try context.parameters.require("day")
        let shift = try context.parameters.require("shift")
        let body = try await RequestBody<RosterRequest>.decode(request).value
        guard let day = LocalDay(iso: dayText) else { throw ValidationError([FieldError("day", .invalidFormat)]) }
        try await shifts.setRoster(body.usernames, region: region.code, day: day, shift: shift, by: context)
        return Response(status: .noContent)
    }

    @Sendable func onDuty(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftRead)
        return try .json(OnDutyDTO(try await shifts.onDuty(in: region)))
    }

    @Sendable func markDuty(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = AgencyID(try context.parameters.require("id"))
        let body = try await RequestBody<DutyRequest>.decode(request).value
        guard let agency = try await store.read({ try await $0.agency(id) }) else { throw AgencyNotFound(id: id) }
        try context.authorize(.agencyDuty, .agency(agency.regionCode, agency.id))
        try await shifts.markDuty(of: context.principal.name, for: id, onDuty: body.onDuty)
        return Response(status: .noContent)
    }

    @Sendable func writeHandover(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftHandover)
        let body = try await RequestBody<HandoverRequest>.decode(request).value
        try ValidationError.check(TextRules.problems(body.note, field: "note", max: 4000))
        let handover = try await shifts.writeHandover(in: region, note: body.note.trimmingWhitespace, by: context.actor)
        var response = try Response.json(HandoverDTO(handover), status: .created)
        response.headers[.location] = "/api/v1/handovers/\(handover.id)"
        return response
    }

    @Sendable func handovers(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try await region(request, context, .shiftHandover)
        var query = QueryReader(request)
        let limit = query.integer("limit", in: 1...50, default: 10)
        try query.check(request.language)
        let handovers = try await store.read { try await $0.handovers(of: region.code, limit: limit) }
        return try .json(ItemsDTO(items: handovers.map(HandoverDTO.init)))
    }

    @Sendable func showHandover(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let handover = try await store.read({ try await $0.handover(id) }) else { throw HandoverNotFound(id: id) }
        try context.authorize(.shiftHandover, .region(handover.region))
        return try .json(HandoverDTO(handover))
    }

    @Sendable func acknowledge(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await RequestBody<AcknowledgeRequest>.decode(request).value
        if let note = body.note { try ValidationError.check(TextRules.problems(note, field: "note", max: 4000)) }
        let handover = try await shifts.acknowledge(id, note: body.note?.trimmingWhitespace, as: context)
        return try .json(HandoverDTO(handover))
    }

    /// The region of the `{code}` path, if the principal may use `permission` on it.
    private func region(_ request: Request, _ context: AuthorizedContext, _ permission: Permission) async throws
        -> Region
    {
        let code = try RegionPath.code(request, context)
        try context.authorize(permission, .region(code))
        guard let region = try await store.read({ try await $0.region(code) }) else {
            throw StoreError.regionNotFound(code)
        }
        return region
    }
}
