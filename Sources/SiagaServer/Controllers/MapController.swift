import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Map layers of a region as GeoJSON (`application/geo+json`), for the console's map.
///
/// | method | path                             | does                                                             |
/// |--------|----------------------------------|------------------------------------------------------------------|
/// | GET    | /regions/{code}/map/boundaries   | the regency and its kecamatan, simplified (`toleranceMeters`)    |
/// | GET    | /regions/{code}/map/posts        | agencies' posts (posko)                                          |
/// | GET    | /regions/{code}/map/units        | units where they last reported, or at their home post            |
struct MapController {
    let store: SQLStore

    struct AreaProperties: Encodable, Sendable {
        var code: String
        var name: String
        /// `kabupaten` or `kecamatan`.
        var level: String
    }

    struct PostProperties: Encodable, Sendable {
        var id: String
        var agencyId: String
        var name: String
    }

    struct UnitProperties: Encodable, Sendable {
        var id: String
        var agencyId: String
        var callsign: String
        var kind: String
        var status: UnitStatus
        /// `reported` (the team's last position) or `homePost` (no report yet: drawn at its post).
        var positionSource: String
        var reportedAt: Date?
        var accuracyMeters: Double?
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions/{code}/map/boundaries", .referenceRead, use: boundaries)
        group.get("regions/{code}/map/posts", .referenceRead, use: posts)
        group.get("regions/{code}/map/units", .referenceRead, use: units)
    }

    @Sendable func boundaries(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try await region(request, context)
        var query = QueryReader(request)
        let tolerance = query.integer("toleranceMeters", in: 0...2000, default: 30)
        try query.check(request.language)
        let areas =
            try ReferenceData.kabupaten().areas.filter { $0.code == code }
            + ReferenceData.kecamatan(of: code).areas.filter { code.contains($0.code) && $0.code != code }
            .sorted { $0.code < $1.code }
        let features = areas.map { area in
            GeoJSONFeature(
                id: area.code.rawValue,
                geometry: .multiPolygon(
                    area.polygons.map {
                        PolygonShape(
                            outer: $0.outer.simplified(toleranceMeters: Double(tolerance)),
                            holes: $0.holes.map { $0.simplified(toleranceMeters: Double(tolerance)) })
                    }),
                properties: AreaProperties(
                    code: area.code.rawValue, name: area.name,
                    level: area.code.level == .kabupaten ? "kabupaten" : "kecamatan"))
        }
        return try geoJSON(GeoJSONFeatureCollection(features: features))
    }

    @Sendable func posts(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try await region(request, context)
        let posts = try await store.read { try await $0.posko(of: code) }
        return try geoJSON(
            GeoJSONFeatureCollection(
                features: posts.map {
                    GeoJSONFeature(
                        id: $0.id.rawValue, geometry: .point($0.coordinate),
                        properties: PostProperties(id: $0.id.rawValue, agencyId: $0.agencyID.rawValue, name: $0.name))
                }))
    }

    @Sendable func units(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try await region(request, context)
        let (units, posts) = try await store.read {
            (try await $0.units(of: code), try await $0.posko(of: code))
        }
        let postsByID = Dictionary(uniqueKeysWithValues: posts.map { ($0.id, $0) })
        let features = units.compactMap { unit -> GeoJSONFeature<UnitProperties>? in
            let reported = unit.lastPosition
            guard let coordinate = reported?.coordinate ?? unit.homePost.flatMap({ postsByID[$0]?.coordinate }) else {
                return nil
            }
            return GeoJSONFeature(
                id: unit.id.rawValue, geometry: .point(coordinate),
                properties: UnitProperties(
                    id: unit.id.rawValue, agencyId: unit.agencyID.rawValue, callsign: unit.callsign, kind: unit.kind,
                    status: unit.status, positionSource: reported == nil ? "homePost" : "reported",
                    reportedAt: reported?.at, accuracyMeters: reported?.accuracyMeters))
        }
        return try geoJSON(GeoJSONFeatureCollection(features: features))
    }

    private func region(_ request: Request, _ context: AuthorizedContext) async throws -> RegionCode {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        guard try await store.read({ try await $0.region(code) }) != nil else {
            throw StoreError.regionNotFound(code)
        }
        return code
    }

    private func geoJSON(_ value: some Encodable) throws -> Response {
        var response = try Response.json(value)
        response.headers[.contentType] = "application/geo+json"
        return response
    }
}
