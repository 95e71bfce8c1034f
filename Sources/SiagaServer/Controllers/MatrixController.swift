import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// The responsibility matrix of a region, and what it proposes for an incident.
///
/// | method | path                              | does                                                     |
/// |--------|-----------------------------------|----------------------------------------------------------|
/// | GET    | /regions/{code}/matrix            | the current version (`format=csv` for the CSV export)     |
/// | PUT    | /regions/{code}/matrix            | save a new version from CSV or rows, with a reason        |
/// | GET    | /regions/{code}/matrix/versions   | every version, newest first                               |
/// | GET    | /regions/{code}/matrix/deviations | forwards that differed from the proposal, with reasons    |
/// | GET    | /regions/{code}/matrix/proposal   | who the matrix proposes for a category and kecamatan, before an incident exists |
/// | GET    | /incidents/{id}/routing           | the agencies the current matrix proposes for the incident |
struct MatrixController {
    let service: MatrixService
    let store: SQLStore

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions/{code}/matrix", .referenceRead, use: current)
        group.put("regions/{code}/matrix", .regionConfigure, use: replace)
        group.get("regions/{code}/matrix/versions", .referenceRead, use: versions)
        group.get("regions/{code}/matrix/deviations", .reportRead, use: deviations)
        group.get("regions/{code}/matrix/proposal", .referenceRead, use: proposal)
        group.get("incidents/{id}/routing", .incidentRead, use: routing)
    }

    @Sendable func current(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let (version, agencies) = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return (try await reader.currentMatrix(of: code), try await reader.agencies(of: code))
        }
        guard let version else {
            throw ProblemDetails.notFound(
                request.language.pick(
                    "Wilayah \(code) belum punya matriks tanggung jawab.",
                    "Region \(code) has no responsibility matrix yet."),
                request.language)
        }
        if request.uri.queryParameters.get("format") == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: MatrixCSV.export(version.matrix, agencies: agencies))))
        }
        return try .json(MatrixDTO(version))
    }

    @Sendable func replace(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionConfigure, .region(code))
        let body = try await RequestBody<ReplaceMatrixRequest>.decode(request)
        let source = try body.value.source()
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let work = service.replace(source, region: code, actor: context.actor, address: context.address)
        return .write(try await store.perform(work, idempotency: claim) { try storedJSON(MatrixDTO($0), status: 200) })
    }

    @Sendable func versions(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let versions = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return try await reader.matrixVersions(of: code)
        }
        return try .json(ItemsDTO(items: versions.map(MatrixVersionSummaryDTO.init)))
    }

    @Sendable func deviations(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.reportRead, .region(code))
        var query = QueryReader(request)
        let from = query.instant("from")
        let before = query.instant("before")
        try query.check(request.language)
        let events = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return try await reader.events(
                ofType: IncidentEvent.EventType.forwarded.rawValue, in: code, from: from, before: before, limit: 10_000)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let deviations = events.compactMap { stored -> DeviationDTO? in
            guard
                case .forwarded(let forwarded)? = try? decoder.decode(
                    IncidentEvent.self, from: Data(stored.payload.utf8)),
                forwarded.deviates
            else { return nil }
            return DeviationDTO(
                eventId: stored.id.description, incidentId: stored.streamID, at: stored.metadata.at,
                actor: stored.metadata.actor.description, matrixVersion: forwarded.matrixVersion,
                proposed: forwarded.proposed.map(\.rawValue), chosen: forwarded.chosen.map(\.rawValue),
                added: forwarded.added.map(\.rawValue), removed: forwarded.removed.map(\.rawValue),
                reason: forwarded.reason)
        }
        return try .json(ItemsDTO(items: deviations))
    }

    /// The proposal the call taker sees while filling in a new incident: the same rule and the same active agencies
    /// as the forward will use.
    @Sendable func proposal(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        var query = QueryReader(request)
        let category = query.string("category")
        if category == nil { query.fail("category", .required) }
        let kecamatan = query.string("kecamatan").map { RegionCode($0) }
        if kecamatan == .some(nil) { query.fail("kecamatan", .invalidFormat) }
        try query.check(request.language)
        let classification = Classification(category: category!, subcategory: query.string("subcategory"))
        let (proposal, agencies) = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            let agencies = try await reader.agencies(of: code)
            let active = Set(agencies.filter(\.active).map(\.id))
            let current = try await reader.currentMatrix(of: code)
            let proposal = current.map {
                $0.matrix.route(classification, kecamatan: kecamatan ?? nil, version: $0.version).restricted(to: active)
            }
            return (proposal, agencies)
        }
        return try .json(RoutingProposalDTO(proposal, agencies: agencies))
    }

    @Sendable func routing(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        let (proposal, agencies) = try await store.read { reader in
            let incident = try await context.readableIncident(key, in: reader)
            return (try await reader.routingProposal(for: incident), try await reader.agencies(of: incident.regionCode))
        }
        return try .json(RoutingProposalDTO(proposal, agencies: agencies))
    }
}

/// The `{code}` path segment as a regency or city code, or a 400 problem.
enum RegionPath {
    static func code(_ request: Request, _ context: some RequestContext) throws -> RegionCode {
        let text = try context.parameters.require("code")
        guard let code = RegionCode(text), code.level == .kabupaten else {
            throw ProblemDetails.malformed(
                request.language.pick(
                    "'\(text)' bukan kode kabupaten/kota seperti 35.15.",
                    "'\(text)' is not a regency/city code such as 35.15."), field: "code", request.language)
        }
        return code
    }
}
