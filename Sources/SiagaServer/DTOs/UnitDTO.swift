import Foundation
import SiagaCore

struct UnitDTO: Encodable, Sendable {
    struct PositionDTO: Encodable, Sendable {
        var latitude: Double
        var longitude: Double
        var at: Date
        var accuracyMeters: Double?
    }

    var id: String
    var agencyId: String
    var callsign: String
    var kind: String
    var status: UnitStatus
    var lastPosition: PositionDTO?
    var homePost: String?
    /// Straight-line distance to the incident, in metres, from the last position or home post, in suggestions.
    var distanceMeters: Double?

    init(_ unit: ResponseUnit, distanceFrom point: Coordinate? = nil, posts: [PoskoID: Posko] = [:]) {
        id = unit.id.rawValue
        agencyId = unit.agencyID.rawValue
        callsign = unit.callsign
        kind = unit.kind
        status = unit.status
        lastPosition = unit.lastPosition.map {
            PositionDTO(
                latitude: $0.coordinate.latitude, longitude: $0.coordinate.longitude, at: $0.at,
                accuracyMeters: $0.accuracyMeters)
        }
        homePost = unit.homePost?.rawValue
        distanceMeters = point.flatMap { point in
            unit.whereabouts(posts: posts).map { $0.distance(to: point).rounded() }
        }
    }
}

/// `PUT /units/{id}/position`, from a field team's phone.
struct UnitPositionRequest: Decodable, Sendable {
    var latitude: Double
    var longitude: Double
    var at: Date
    var accuracyMeters: Double?

    func validated(now: Date) throws(ValidationError) -> UnitPosition {
        var errors: [FieldError] = []
        let coordinate = Coordinate(latitude: latitude, longitude: longitude)
        if coordinate == nil { errors.append(FieldError("latitude", .outOfRange)) }
        if at > now.addingTimeInterval(60) { errors.append(FieldError("at", .outOfRange)) }
        if let accuracyMeters, !(accuracyMeters.isFinite && accuracyMeters >= 0) {
            errors.append(FieldError("accuracyMeters", .outOfRange))
        }
        try ValidationError.check(errors)
        return UnitPosition(coordinate: coordinate!, at: at.truncatedToMilliseconds, accuracyMeters: accuracyMeters)
    }
}

struct PoskoDTO: Encodable, Sendable {
    var id: String
    var agencyId: String
    var name: String
    var latitude: Double
    var longitude: Double

    init(_ posko: Posko) {
        id = posko.id.rawValue
        agencyId = posko.agencyID.rawValue
        name = posko.name
        latitude = posko.coordinate.latitude
        longitude = posko.coordinate.longitude
    }
}
