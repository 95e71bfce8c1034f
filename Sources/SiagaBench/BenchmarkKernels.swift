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

    /// Place search as a call taker types: the latency of each prefix of each name, in milliseconds.
    static func placeSearchLatencies(names: [String]) throws -> [Double] {
        let search = try ReferenceData.places()
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for name in names {
            for length in 3...name.count {
                let prefix = String(name.prefix(length))
                let time = clock.measure { _ = search.search(prefix, near: RegionCode("35.15"), limit: 10) }
                latencies.append(time.seconds * 1000)
            }
        }
        return latencies
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
