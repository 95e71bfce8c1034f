public import Foundation

/// Reads boundary areas from a GeoJSON FeatureCollection whose features carry `kode` and `nama` properties and
/// Polygon or MultiPolygon geometries in [longitude, latitude] order.
public enum GeoJSONAreas {
    public struct Malformed: Error, Hashable, Sendable {
        public var feature: Int
        public var reason: String
    }

    public static func parse(_ data: Data) throws -> [BoundaryArea] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let features = root["features"] as? [[String: Any]]
        else { throw Malformed(feature: -1, reason: "not a FeatureCollection") }
        return try features.enumerated().map { index, feature in
            guard let properties = feature["properties"] as? [String: Any],
                let code = (properties["kode"] as? String).flatMap(RegionCode.init),
                let name = properties["nama"] as? String,
                let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                let coordinates = geometry["coordinates"] as? [Any]
            else { throw Malformed(feature: index, reason: "missing kode, nama or geometry") }
            let polygons: [[Any]]
            switch type {
            case "Polygon": polygons = [coordinates]
            case "MultiPolygon": polygons = coordinates.compactMap { $0 as? [Any] }
            default: throw Malformed(feature: index, reason: "geometry \(type)")
            }
            let shapes = try polygons.map { rings -> PolygonShape in
                let parsed = try rings.map { try ring($0, feature: index) }
                guard let outer = parsed.first else { throw Malformed(feature: index, reason: "empty polygon") }
                return PolygonShape(outer: outer, holes: Array(parsed.dropFirst()))
            }
            guard !shapes.isEmpty else { throw Malformed(feature: index, reason: "no polygon") }
            return BoundaryArea(code: code, name: name, polygons: shapes)
        }
    }

    private static func ring(_ value: Any, feature: Int) throws -> Ring {
        guard let positions = value as? [[Double]], positions.count >= 3 else {
            throw Malformed(feature: feature, reason: "a ring needs three positions")
        }
        let points = try positions.map { position -> Coordinate in
            guard position.count >= 2, let point = Coordinate(latitude: position[1], longitude: position[0]) else {
                throw Malformed(feature: feature, reason: "position out of range")
            }
            return point
        }
        return Ring(points)
    }
}
