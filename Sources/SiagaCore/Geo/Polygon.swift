import Foundation

/// A closed ring of points (the first point may or may not repeat at the end).
public struct Ring: Hashable, Sendable {
    public var points: [Coordinate]
    public var box: BoundingBox

    public init(_ points: [Coordinate]) {
        self.points = points
        self.box = BoundingBox(points)
    }

    /// Even-odd ray casting: true when `point` is inside the ring.
    public func contains(_ point: Coordinate) -> Bool {
        guard box.contains(point), points.count >= 3 else { return false }
        var inside = false
        var previous = points[points.count - 1]
        for current in points {
            if (current.latitude > point.latitude) != (previous.latitude > point.latitude) {
                let crossing =
                    (previous.longitude - current.longitude) * (point.latitude - current.latitude)
                    / (previous.latitude - current.latitude) + current.longitude
                if point.longitude < crossing { inside.toggle() }
            }
            previous = current
        }
        return inside
    }

    /// Distance in metres from `point` to the nearest edge, on a local flat projection (precise enough within a
    /// few kilometres, which is all it is asked about).
    public func distance(from point: Coordinate) -> Double {
        let metresPerDegreeLatitude = 110_574.0
        let metresPerDegreeLongitude = 111_320.0 * cos(point.latitude * .pi / 180)
        func project(_ c: Coordinate) -> (Double, Double) {
            (
                (c.longitude - point.longitude) * metresPerDegreeLongitude,
                (c.latitude - point.latitude) * metresPerDegreeLatitude
            )
        }
        var best = Double.infinity
        var previous = project(points[points.count - 1])
        for coordinate in points {
            let current = project(coordinate)
            best = min(best, Self.distanceToOrigin(from: previous, to: current))
            previous = current
        }
        return best
    }

    /// Distance from (0, 0) to the segment a–b.
    private static func distanceToOrigin(from a: (Double, Double), to b: (Double, Double)) -> Double {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let length = dx * dx + dy * dy
        let t = length == 0 ? 0 : max(0, min(1, -(a.0 * dx + a.1 * dy) / length))
        let (x, y) = (a.0 + t * dx, a.1 + t * dy)
        return (x * x + y * y).squareRoot()
    }
}

/// A polygon with holes.
public struct PolygonShape: Hashable, Sendable {
    public var outer: Ring
    public var holes: [Ring]

    public init(outer: Ring, holes: [Ring] = []) {
        self.outer = outer
        self.holes = holes
    }

    public func contains(_ point: Coordinate) -> Bool {
        outer.contains(point) && !holes.contains { $0.contains(point) }
    }

    public func distance(from point: Coordinate) -> Double {
        ([outer] + holes).map { $0.distance(from: point) }.min() ?? .infinity
    }
}

/// An administrative area with its boundary (one or more polygons).
public struct BoundaryArea: Hashable, Sendable {
    public var code: RegionCode
    public var name: String
    public var polygons: [PolygonShape]
    public var box: BoundingBox

    public init(code: RegionCode, name: String, polygons: [PolygonShape]) {
        precondition(!polygons.isEmpty, "an area needs a polygon")
        self.code = code
        self.name = name
        self.polygons = polygons
        self.box = polygons.dropFirst().reduce(polygons[0].outer.box) { $0.union($1.outer.box) }
    }

    public func contains(_ point: Coordinate) -> Bool { polygons.contains { $0.contains(point) } }

    public func distance(from point: Coordinate) -> Double {
        polygons.map { $0.distance(from: point) }.min() ?? .infinity
    }
}
