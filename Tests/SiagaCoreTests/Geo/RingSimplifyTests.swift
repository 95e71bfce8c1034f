import SiagaCore
import Testing

@Suite("Simplifying boundaries for the map")
struct RingSimplifyTests {
    /// A 1 km square with a wobble of a few metres on every side.
    static let square: Ring = {
        var points: [Coordinate] = []
        for step in 0..<40 {
            let wobble = step.isMultiple(of: 2) ? 0.00002 : -0.00002
            points.append(Coordinate(latitude: -7.45 + wobble, longitude: 112.70 + Double(step) * 0.00025)!)
        }
        points += [
            Coordinate(latitude: -7.45, longitude: 112.71)!, Coordinate(latitude: -7.44, longitude: 112.71)!,
            Coordinate(latitude: -7.44, longitude: 112.70)!,
        ]
        return Ring(points)
    }()

    @Test("Wobbles under the tolerance go, corners stay, and the ring stays closed")
    func dropsWobbles() {
        let simplified = Self.square.simplified(toleranceMeters: 10)
        #expect(simplified.points.count < 10)
        #expect(simplified.points.first == simplified.points.last)
        for corner in [
            Coordinate(latitude: -7.44, longitude: 112.71)!, Coordinate(latitude: -7.44, longitude: 112.70)!,
        ] {
            #expect(simplified.points.contains(corner))
        }
        #expect(simplified.contains(Coordinate(latitude: -7.445, longitude: 112.705)!))
    }

    @Test("A zero tolerance keeps every point; a huge one never collapses the ring")
    func bounds() {
        #expect(Self.square.simplified(toleranceMeters: 0) == Self.square)
        #expect(Self.square.simplified(toleranceMeters: 1_000_000).points.count >= 4)
    }
}
