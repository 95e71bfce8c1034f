import Foundation
import SiagaCore

/// GeoJSON (RFC 7946) for the console's map. Inside GeoJSON, and only there, coordinates are `[longitude,
/// latitude]`; they are rounded to 5 decimals (about a metre), which is all a map needs.
struct GeoJSONFeatureCollection<Properties: Encodable & Sendable>: Encodable, Sendable {
    var type = "FeatureCollection"
    var features: [GeoJSONFeature<Properties>]
}

struct GeoJSONFeature<Properties: Encodable & Sendable>: Encodable, Sendable {
    var type = "Feature"
    var id: String
    var geometry: GeoJSONGeometry
    var properties: Properties
}

enum GeoJSONGeometry: Encodable, Sendable {
    case point(Coordinate)
    case multiPolygon([PolygonShape])

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .point(let coordinate):
            try container.encode("Point", forKey: .type)
            try container.encode(Self.position(coordinate), forKey: .coordinates)
        case .multiPolygon(let polygons):
            try container.encode("MultiPolygon", forKey: .type)
            try container.encode(
                polygons.map { polygon in ([polygon.outer] + polygon.holes).map(Self.ring) }, forKey: .coordinates)
        }
    }

    /// A closed ring, as GeoJSON requires: the last position repeats the first.
    private static func ring(_ ring: Ring) -> [[Double]] {
        var positions = ring.points.map(position)
        if let first = positions.first, positions.last != first { positions.append(first) }
        return positions
    }

    private static func position(_ coordinate: Coordinate) -> [Double] {
        [(coordinate.longitude * 1e5).rounded() / 1e5, (coordinate.latitude * 1e5).rounded() / 1e5]
    }
}
