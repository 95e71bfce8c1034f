import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Drives HTTP requests from `clients` concurrent clients for a fixed time and records every latency.
struct LoadGenerator {
    struct Result: Codable {
        var clients: Int
        var requests: Int
        var errors: Int
        var seconds: Double
        var perSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var p999Milliseconds: Double
    }

    let client: HTTPClient

    /// Runs `makeRequest` in a loop on each client until `duration` has passed; a response outside 2xx/3xx counts
    /// as an error.
    func run(clients: Int, duration: Duration, makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest)
        async -> Result
    {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        let started = clock.now
        let perClient = await withTaskGroup(of: ([Double], Int).self) { group in
            for index in 0..<clients {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var serial = 0
                    while clock.now < deadline {
                        serial += 1
                        let request = makeRequest(index * 1_000_000 + serial)
                        let begin = clock.now
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 22)
                            if response.status.code >= 400 { errors += 1 }
                        } catch {
                            errors += 1
                        }
                        latencies.append((clock.now - begin).milliseconds)
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Double], Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = (clock.now - started).milliseconds / 1000
        let latencies = perClient.flatMap(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int((p / 100 * Double(latencies.count)).rounded(.up)) - 1)]
        }
        return Result(
            clients: clients, requests: latencies.count, errors: perClient.map(\.1).reduce(0, +), seconds: elapsed,
            perSecond: Double(latencies.count) / elapsed, p50Milliseconds: percentile(50),
            p99Milliseconds: percentile(99), p999Milliseconds: percentile(99.9))
    }
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
