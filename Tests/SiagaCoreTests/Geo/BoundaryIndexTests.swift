import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Which region is this point in?")
struct BoundaryIndexTests {
    static func point(_ latitude: Double, _ longitude: Double) -> Coordinate {
        Coordinate(latitude: latitude, longitude: longitude)!
    }

    @Test(
        "A point inside a seed region resolves to it",
        arguments: [
            ("16.06", -2.8833, 103.85), ("17.71", -3.8004, 102.2655), ("36.72", -6.0172, 106.0541),
            ("35.15", -7.4478, 112.7183), ("35.05", -8.131008, 112.237221), ("35.72", -8.0983, 112.1681),
        ])
    func seedRegions(code: String, latitude: Double, longitude: Double) throws {
        let match = try #require(ReferenceFiles.kabupaten.locate(Self.point(latitude, longitude)))
        #expect(match.area.code.rawValue == code)
        #expect(!match.approximate)
    }

    @Test("A point at sea off the coast resolves to the nearest region, flagged approximate")
    func atSeaNearTheCoast() throws {
        let match = try #require(ReferenceFiles.kabupaten.locate(Self.point(-3.78837, 102.24096)))
        #expect(match.area.code.rawValue == "17.71")
        #expect(match.approximate)
        #expect((300...1500).contains(match.distanceMeters), "\(match.distanceMeters)")
        #expect(ReferenceFiles.kabupaten.locate(Self.point(-3.78837, 102.24096), maxDistance: 100) == nil)
    }

    @Test("A point far out at sea is in no region")
    func farOut() {
        #expect(ReferenceFiles.kabupaten.locate(Self.point(-9.5, 110.0)) == nil)
    }

    @Test("A point in a polygon's hole is not in that polygon")
    func hole() {
        let square = Ring([Self.point(0, 0), Self.point(0, 1), Self.point(1, 1), Self.point(1, 0)])
        let hole = Ring([Self.point(0.4, 0.4), Self.point(0.4, 0.6), Self.point(0.6, 0.6), Self.point(0.6, 0.4)])
        let donut = BoundaryArea(
            code: RegionCode("99.01")!, name: "Donat", polygons: [PolygonShape(outer: square, holes: [hole])])
        let index = BoundaryIndex(areas: [donut])
        #expect(index.locate(Self.point(0.2, 0.2))?.approximate == false)
        #expect(index.locate(Self.point(0.5, 0.5), maxDistance: 0) == nil)
        #expect(index.locate(Self.point(0.5, 0.5), maxDistance: 20_000)?.approximate == true)
    }

    @Test(
        "Kecamatan of Sidoarjo and Blitar are found",
        arguments: [("35.15.18", -7.354386, 112.766457), ("35.05.10", -8.12433, 112.207937)])
    func kecamatan(code: String, latitude: Double, longitude: Double) throws {
        let match = try #require(ReferenceFiles.kecamatanJawaTimur.locate(Self.point(latitude, longitude)))
        #expect(match.area.code.rawValue == code)
    }

    @Test("The index answers exactly as a scan of every polygon does")
    func indexEqualsScan() {
        var random = SystemRandomNumberGenerator()
        let index = ReferenceFiles.kabupaten
        for round in 0..<300 {
            let point = Self.point(
                Double.random(in: -8.5 ... -5.5, using: &random), Double.random(in: 105.5...114.5, using: &random))
            // Containment for every point; the nearest-border search (a scan is slow) for a sample.
            let reach: Double = round % 30 == 0 ? 2000 : 0
            let fast = index.locate(point, maxDistance: reach)
            let slow = index.locateByScan(point, maxDistance: reach)
            #expect(fast?.area.code == slow?.area.code, "\(point)")
            #expect(fast?.approximate == slow?.approximate, "\(point)")
        }
    }

    @Test("All 514 regencies and cities are indexed")
    func everyRegency() {
        #expect(ReferenceFiles.kabupaten.areas.count == 514)
    }
}
