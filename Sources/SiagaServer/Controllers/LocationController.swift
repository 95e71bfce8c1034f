import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Where is this point?
///
/// | method | path     | does                                                                                 |
/// |--------|----------|--------------------------------------------------------------------------------------|
/// | GET    | /locate  | the regency/city and kecamatan of `latitude`,`longitude`, and whether it is served   |
/// | GET    | /places  | villages, kecamatan and regencies by name (`q`), the serving `region` first           |
struct LocationController {
    let store: SQLStore
    let regions: RegionService
    let now: @Sendable () -> Date

    struct AreaDTO: Encodable, Sendable {
        var code: String
        var name: String
        /// True when the point lies in no polygon and this is the nearest area (simplified borders leave gaps).
        var approximate: Bool
        var distanceMeters: Double

        init(_ match: BoundaryIndex.Match) {
            code = match.area.code.rawValue
            name = match.area.name
            approximate = match.approximate
            distanceMeters = match.distanceMeters.rounded()
        }
    }

    struct LocateDTO: Encodable, Sendable {
        var latitude: Double
        var longitude: Double
        var kabupaten: AreaDTO?
        var kecamatan: AreaDTO?
        /// False when the point lies in a region this deployment does not serve: the call may need transferring.
        var served: Bool
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("locate", .referenceRead, use: locate)
        group.get("places", .referenceRead, use: places)
        group.get("regions/{code}/landmarks", .referenceRead, use: landmarks)
        group.put("regions/{code}/landmarks", .regionConfigure, use: replaceLandmarks)
    }

    struct LandmarkDTO: Encodable, Sendable {
        var name: String
        var kind: String
        var latitude: Double
        var longitude: Double

        init(_ landmark: Landmark) {
            name = landmark.name
            kind = landmark.kind
            latitude = landmark.coordinate.latitude
            longitude = landmark.coordinate.longitude
        }
    }

    struct ReplaceLandmarksRequest: Decodable, Sendable {
        /// `name,kind,latitude,longitude`.
        var csv: String
    }

    /// A region's landmarks, as JSON or as the CSV it was imported from (`format=csv`).
    @Sendable func landmarks(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let landmarks = try await store.read { try await $0.landmarks(of: code) }
        if request.uri.queryParameters.get("format") == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: LandmarkCSV.export(landmarks))))
        }
        return try .json(
            ItemsDTO(
                items: landmarks.map(LandmarkDTO.init)))
    }

    /// Replaces a region's landmarks from CSV; a bad row changes nothing and is named with its row number.
    @Sendable func replaceLandmarks(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try context.acting.authorized(.regionConfigure, region: try RegionPath.code(request, context))
        let body = try await RequestBody<ReplaceLandmarksRequest>.decode(request)
        let landmarks = try await store.perform(
            regions.replaceLandmarks(try LandmarkCSV.parse(body.value.csv), of: region, address: context.address))
        return try .json(
            ItemsDTO(
                items: landmarks.map(LandmarkDTO.init)))
    }

    struct PlaceDTO: Encodable, Sendable {
        /// The place's Kemendagri code; for a landmark, its region's.
        var code: String
        var name: String
        /// `kabupaten`, `kecamatan`, `desa`, or `landmark`.
        var level: String
        var within: [String]
        var score: Double
        /// A landmark's kind and position (places from the reference list have none).
        var kind: String? = nil
        var latitude: Double? = nil
        var longitude: Double? = nil
    }

    @Sendable func places(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let text = query.string("q")
        if text == nil { query.fail("q", .required) }
        if let text, text.storedLength > 100 { query.fail("q", .tooLong(max: 100)) }
        let region = query.region("region")
        let limit = query.integer("limit", in: 1...50, default: 10)
        try query.check(request.language)
        let hits = try ReferenceData.places().search(text!, near: region, limit: limit).map {
            PlaceDTO(
                code: $0.place.code.rawValue, name: $0.place.name, level: "\($0.place.code.level)",
                within: $0.place.within, score: ($0.score * 100).rounded() / 100)
        }
        // The serving region's own landmarks, ranked with the same bonus its places get.
        var landmarks: [PlaceDTO] = []
        if let region, AccessPolicy.decide(context.principal, .referenceRead, .region(region)) == .allow {
            let known = try await store.read { try await $0.landmarks(of: region) }
            let name = try? ReferenceData.wilayah().name(of: region)
            landmarks = PlaceSearch.landmarks(known, matching: text!, limit: limit).map { landmark, score in
                PlaceDTO(
                    code: region.rawValue, name: landmark.name, level: "landmark",
                    within: name.map { [Wilayah.displayName($0)] } ?? [], score: ((score + 0.5) * 100).rounded() / 100,
                    kind: landmark.kind, latitude: landmark.coordinate.latitude,
                    longitude: landmark.coordinate.longitude)
            }
        }
        let ranked = (hits + landmarks).sorted { $0.score > $1.score }.prefix(limit)
        return try .json(ItemsDTO(items: Array(ranked)))
    }

    @Sendable func locate(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let latitude = query.string("latitude").flatMap(Double.init)
        let longitude = query.string("longitude").flatMap(Double.init)
        let point = latitude.flatMap { lat in longitude.flatMap { Coordinate(latitude: lat, longitude: $0) } }
        if point == nil {
            query.fail(latitude == nil ? "latitude" : "longitude", latitude == nil ? .required : .outOfRange)
        }
        let reach = query.integer("maxDistanceMeters", in: 0...20_000, default: 2000)
        try query.check(request.language)
        let found = try LocationLookup.locate(point!, maxDistance: Double(reach))
        let served =
            try await found.kabupaten.asyncMap { match in
                try await store.read { try await $0.region(match.area.code) } != nil
            } ?? false
        return try .json(
            LocateDTO(
                latitude: point!.latitude, longitude: point!.longitude, kabupaten: found.kabupaten.map(AreaDTO.init),
                kecamatan: found.kecamatan.map(AreaDTO.init), served: served))
    }
}
