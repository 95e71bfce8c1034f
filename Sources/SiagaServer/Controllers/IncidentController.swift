import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Incidents and their timelines.
///
/// | method | path                      | does                                                      |
/// |--------|---------------------------|-----------------------------------------------------------|
/// | POST   | /incidents                | open an incident, directly or from a call (`callId`)      |
/// | GET    | /incidents                | list, newest first, with filters and a cursor              |
/// | GET    | /incidents/duplicates     | open incidents a new report may be about (before creating) |
/// | GET    | /incidents/{id}           | one incident (id or number)                                |
/// | GET    | /incidents/{id}/events    | its timeline, oldest first                                 |
/// | POST   | /incidents/{id}/events    | apply a command (`type`) made against `version`            |
/// | POST   | /incidents/{id}/caller-reveal | an agency working it gets the caller's number (audited) |
struct IncidentController {
    let service: IncidentService
    let store: SQLStore
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("incidents", .incidentCreate, use: create)
        group.get("incidents", .incidentRead, use: list)
        group.get("incidents/duplicates", .incidentCreate, use: duplicates)
        group.get("incidents/{id}", .incidentRead, use: show)
        group.get("incidents/{id}/events", .incidentRead, use: events)
        // Which permission depends on the command; the service asks the policy inside its transaction.
        group.on("incidents/{id}/events", .post, requiresAnyOf: IncidentCommand.permissions, use: command)
        group.post("incidents/{id}/caller-reveal", .callerNumberReveal, use: revealCaller)
    }

    /// The caller as revealed; members the incident does not have are left out.
    struct CallerDTO: Encodable, Sendable {
        var callerNumber: String?
        var callerName: String?
    }

    struct RevealRequest: Decodable, Sendable {
        /// Why the agency needs the number, e.g. "Alamat kurang jelas, perlu menelepon pelapor".
        var reason: String
    }

    /// An agency working the incident gets the caller's number to call back; the reveal is audited.
    @Sendable func revealCaller(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let incident = try await incident(request, context)
        try context.authorize(.callerNumberReveal, .incident(incident.access))
        let body = try await RequestBody<RevealRequest>.decode(request).value
        try ValidationError.check(TextRules.problems(body.reason, field: "reason", max: 500))
        try await service.recordCallerReveal(
            of: incident, reason: body.reason.trimmingWhitespace, to: context.principal, address: context.address)
        var response = try Response.json(
            CallerDTO(callerNumber: incident.callerNumber?.rawValue, callerName: incident.callerName))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func create(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateIncidentRequest>.decode(request)
        let command = try body.value.validated()
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(try service.create(command, as: context.acting), idempotency: claim) {
            try storedJSON(
                IncidentChangeDTO($0, callers: context.callerView), status: 201,
                location: "/api/v1/incidents/\($0.after.id)")
        }
        return .write(outcome)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        var filter = IncidentQuery(
            regionCode: query.region("region"), statuses: query.list("status", of: IncidentStatus.self),
            category: query.string("category"), priorities: query.list("priority", of: Priority.self),
            createdFrom: query.instant("createdFrom"), createdBefore: query.instant("createdBefore"),
            text: query.string("q"), after: IncidentCursorCoding.decode(query.string("cursor"), into: &query),
            limit: query.integer("limit", in: 1...RequestLimits.maxPageSize, default: 50))
        try query.check(request.language)
        if let region = filter.regionCode { try context.authorize(.incidentRead, .region(region)) }
        filter.jurisdiction = context.principal.jurisdiction
        filter.agency = context.principal.agency
        filter.searchesCallerNumber = context.principal.seesCallerNumbers
        let (page, policies) = try await store.read { [filter] reader in
            let page = try await reader.incidents(matching: filter)
            return (page, try await reader.responsePolicies(of: page.items))
        }
        return try .json(
            IncidentPageDTO(
                items: page.items.map { policies.render($0, callers: context.callerView) },
                nextCursor: page.next.map(IncidentCursorCoding.encode)))
    }

    @Sendable func duplicates(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let region = query.region("region")
        let category = query.string("category")
        for (name, value) in [("region", query.string("region")), ("category", category)] where value == nil {
            query.fail(name, .required)
        }
        let latitude = query.string("latitude").map(Double.init)
        let longitude = query.string("longitude").map(Double.init)
        var point: Coordinate?
        if let latitude, let longitude {
            point = latitude.flatMap { lat in longitude.flatMap { Coordinate(latitude: lat, longitude: $0) } }
            if point == nil { query.fail("latitude", .outOfRange) }
        }
        let radius = query.integer("radiusMeters", in: 50...50_000, default: 1000)
        let window = query.integer("windowMinutes", in: 5...1440, default: 120)
        try query.check(request.language)
        try context.authorize(.incidentCreate, .region(region!))
        let at = now()
        let (recent, policies) = try await store.read { reader in
            let recent = try await reader.incidents(
                matching: IncidentQuery(
                    regionCode: region, statuses: [.logged, .dispatched], category: category,
                    createdFrom: at.addingTimeInterval(-Double(window) * 60), limit: RequestLimits.maxPageSize))
            return (recent, try await reader.responsePolicies(of: recent.items))
        }
        let candidates = DuplicateCandidates.find(
            in: recent.items, category: category!, near: point, now: at, radius: Double(radius),
            window: Double(window) * 60)
        return try .json(ItemsDTO(items: candidates.map { policies.render($0, callers: context.callerView) }))
    }

    @Sendable func show(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let incident = try await incident(request, context)
        let policies = try await store.read { try await $0.responsePolicies(of: [incident]) }
        return try .json(policies.render(incident, callers: context.callerView))
    }

    @Sendable func events(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let incident = try await incident(request, context)
        let events = try await store.read { try await $0.incidentEvents(incident.id) }
        return try .json(["items": events.map { EventDTO(recorded: $0, callers: context.callerView) }])
    }

    @Sendable func command(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let incident = try await incident(request, context)
        let body = try await RequestBody<IncidentCommandRequest>.decode(request)
        let command = try body.value.validated()
        let claim = try context.idempotencyClaim(
            request, fingerprint: body.fingerprint, scope: "POST /api/v1/incidents/\(incident.id)/events")
        let work = service.execute(command, on: incident.id, expectedVersion: body.value.version, as: context.acting)
        return .write(
            try await store.perform(work, idempotency: claim) { try .changed($0, callers: context.callerView) })
    }

    /// The incident named by the `{id}` path segment (or its number, `3515-261123-0007`), if the principal
    /// may read it.
    private func incident(_ request: Request, _ context: AuthorizedContext) async throws -> Incident {
        let key = try context.parameters.require("id")
        return try await store.read { try await context.readableIncident(key, in: $0) }
    }
}

/// Cursors are opaque to clients: base64url of `createdAtMs:id`.
enum IncidentCursorCoding {
    static func encode(_ cursor: IncidentCursor) -> String {
        Data("\(cursor.createdAtMilliseconds):\(cursor.id.rawValue)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String?, into query: inout QueryReader) -> IncidentCursor? {
        guard let text else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8),
            let colon = plain.firstIndex(of: ":"), let ms = Int64(plain[..<colon])
        else {
            query.fail("cursor", .invalidFormat)
            return nil
        }
        return IncidentCursor(createdAtMilliseconds: ms, id: IncidentID(String(plain[plain.index(after: colon)...])))
    }
}
