import Foundation

extension Coordinate {
    /// Mean earth radius in metres (IUGG).
    static let earthRadius = 6_371_008.8

    /// Straight-line (great-circle) distance in metres, by the haversine formula.
    public func distance(to other: Coordinate) -> Double {
        let lat1 = latitude * .pi / 180
        let lat2 = other.latitude * .pi / 180
        let dLat = lat2 - lat1
        let dLng = (other.longitude - longitude) * .pi / 180
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLng / 2) * sin(dLng / 2)
        return 2 * Self.earthRadius * asin(min(1, a.squareRoot()))
    }
}
