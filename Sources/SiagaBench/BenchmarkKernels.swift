import Foundation
import SiagaCore
import SiagaServer

/// The in-process measurements of `siaga bench`: work the server does without the network, each against the
/// naive way of doing the same, measured in the same run.
enum BenchmarkKernels {
    struct Rate: Sendable, Codable {
        var operations: Int
        var seconds: Double
        var perSecond: Double { seconds > 0 ? Double(operations) / seconds : 0 }
    }

    /// Region lookups (regency or city, then kecamatan in Jawa Timur) of random points over Java: the grid index
    /// against a scan of every polygon. Both must agree on every point.
    static func regionLookups(count: Int) throws -> (indexed: Rate, scan: Rate, agreed: Bool) {
        let index = try ReferenceData.kabupaten()
        var generator = SystemRandomNumberGenerator()
        let points = (0..<count).map { _ in
            Coordinate(
                latitude: Double.random(in: -8.8 ... -5.9, using: &generator),
                longitude: Double.random(in: 105.2...114.6, using: &generator))!
        }
        let clock = ContinuousClock()
        var indexed: [RegionCode?] = []
        let indexedTime = clock.measure { indexed = points.map { index.locate($0)?.area.code } }
        let scanCount = min(count, 2000)
        var scanned: [RegionCode?] = []
        let scanTime = clock.measure { scanned = points.prefix(scanCount).map { index.locateByScan($0)?.area.code } }
        return (
            Rate(operations: count, seconds: indexedTime.seconds),
            Rate(operations: scanCount, seconds: scanTime.seconds),
            Array(indexed.prefix(scanCount)) == scanned
        )
    }

    /// Place search as a call taker types: the latency of each prefix of each name, in milliseconds, with the
    /// index and with the straightforward search (``NaivePlaceSearch``), and whether both found the same places in
    /// the same order for every prefix.
    static func placeSearchLatencies(names: [String]) throws -> (indexed: [Double], naive: [Double], agreed: Bool) {
        let search = try ReferenceData.places()
        let naive = NaivePlaceSearch(try ReferenceData.wilayah())
        let prefixes = names.flatMap { name in (3...name.count).map { String(name.prefix($0)) } }
        let clock = ContinuousClock()
        let region = RegionCode("35.15")
        var (indexed, straightforward, agreed) = ([Double](), [Double](), true)
        for prefix in prefixes {
            var (found, expected) = ([PlaceSearch.Hit](), [PlaceSearch.Hit]())
            indexed.append(clock.measure { found = search.search(prefix, near: region, limit: 10) }.seconds * 1000)
            straightforward.append(
                clock.measure { expected = naive.search(prefix, near: region, limit: 10) }.seconds * 1000)
            agreed = agreed && found.map(\.place) == expected.map(\.place)
        }
        return (indexed, straightforward, agreed)
    }

    /// Builds the reference indexes now (they are otherwise built in the background at start-up).
    static func warmUp() throws -> Double {
        ContinuousClock().measure {
            _ = try? ReferenceData.places()
            _ = try? ReferenceData.kabupaten()
        }.seconds
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
