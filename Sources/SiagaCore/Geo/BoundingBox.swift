/// A latitude/longitude rectangle.
public struct BoundingBox: Hashable, Sendable {
    public var minLatitude: Double
    public var maxLatitude: Double
    public var minLongitude: Double
    public var maxLongitude: Double

    /// The box around `points`; precondition: not empty.
    public init(_ points: some Sequence<Coordinate>) {
        var box = BoundingBox(
            minLatitude: .infinity, maxLatitude: -.infinity, minLongitude: .infinity, maxLongitude: -.infinity)
        for point in points {
            box.minLatitude = min(box.minLatitude, point.latitude)
            box.maxLatitude = max(box.maxLatitude, point.latitude)
            box.minLongitude = min(box.minLongitude, point.longitude)
            box.maxLongitude = max(box.maxLongitude, point.longitude)
        }
        precondition(box.minLatitude.isFinite, "a bounding box needs at least one point")
        self = box
    }

    public init(minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double) {
        self.minLatitude = minLatitude
        self.maxLatitude = maxLatitude
        self.minLongitude = minLongitude
        self.maxLongitude = maxLongitude
    }

    public func contains(_ point: Coordinate) -> Bool {
        (minLatitude...maxLatitude).contains(point.latitude) && (minLongitude...maxLongitude).contains(point.longitude)
    }

    /// True when the two boxes share at least a point.
    public func intersects(_ other: BoundingBox) -> Bool {
        minLatitude <= other.maxLatitude && other.minLatitude <= maxLatitude && minLongitude <= other.maxLongitude
            && other.minLongitude <= maxLongitude
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minLatitude: min(minLatitude, other.minLatitude), maxLatitude: max(maxLatitude, other.maxLatitude),
            minLongitude: min(minLongitude, other.minLongitude), maxLongitude: max(maxLongitude, other.maxLongitude))
    }

    /// The box grown by `degrees` on every side.
    public func expanded(by degrees: Double) -> BoundingBox {
        BoundingBox(
            minLatitude: minLatitude - degrees, maxLatitude: maxLatitude + degrees,
            minLongitude: minLongitude - degrees,
            maxLongitude: maxLongitude + degrees)
    }
}
