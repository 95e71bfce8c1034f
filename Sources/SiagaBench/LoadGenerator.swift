import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Drives HTTP requests from concurrent clients and records every latency: back to back or paced for a fixed
/// time, or until a fixed number of requests is sent.
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
        /// Commits the embedded database's writer made meanwhile (SQLite only): several writes share one.
        var commits: Int?
    }

    let client: HTTPClient
    private static let clock = ContinuousClock()

    /// Runs `makeRequest` in a loop on each client until `duration` has passed; a response outside 2xx/3xx counts
    /// as an error.
    func run(clients: Int, duration: Duration, makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest)
        async -> Result
    {
        await run(clients: clients, duration: duration, interval: nil, makeRequest: makeRequest)
    }

    /// The same, but each client sends once every `interval` (back to back when nil), the clients' ticks spread
    /// over the interval. A client whose request outlasts its interval skips the ticks it missed rather than
    /// bursting to catch up, so the rate reached is what the server absorbs.
    func run(
        clients: Int, duration: Duration, interval: Duration?,
        makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest
    ) async -> Result {
        let started = Self.clock.now
        let deadline = started + duration
        return await drive(clients: clients, makeRequest: makeRequest) { index in
            var tick = started + (interval ?? .zero) * (Double(index) / Double(clients))
            var sent = 0
            return {
                if let interval {
                    guard tick < deadline else { return nil }
                    try? await Task.sleep(until: tick, clock: Self.clock)
                    tick = max(tick + interval, Self.clock.now)
                }
                guard Self.clock.now < deadline else { return nil }
                sent += 1
                return index * 1_000_000 + sent
            }
        }
    }

    /// Sends exactly `requests` requests, with serials `0..<requests`, from `clients` clients back to back.
    func run(clients: Int, requests: Int, makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest) async
        -> Result
    {
        let issued = Budget(requests)
        return await drive(clients: clients, makeRequest: makeRequest) { _ in { issued.take() } }
    }

    private final class Budget: Sendable {
        let total: Int
        let issued = Atomic<Int>(0)

        init(_ total: Int) { self.total = total }

        func take() -> Int? {
            let serial = issued.add(1, ordering: .relaxed).oldValue
            return serial < total ? serial : nil
        }
    }

    /// Runs one loop per client; `schedule(index)` gives the client its source of serials, nil when it is done.
    private func drive(
        clients: Int, makeRequest: @escaping @Sendable (Int) -> HTTPClientRequest,
        schedule: @escaping @Sendable (Int) -> () async -> Int?
    ) async -> Result {
        let started = Self.clock.now
        let perClient = await withTaskGroup(of: ([Double], Int).self) { group in
            for index in 0..<clients {
                group.addTask {
                    let next = schedule(index)
                    var latencies: [Double] = []
                    var errors = 0
                    while let serial = await next() {
                        let begin = Self.clock.now
                        if await !send(makeRequest(serial)) { errors += 1 }
                        latencies.append((Self.clock.now - begin).milliseconds)
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Double], Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = (Self.clock.now - started).milliseconds / 1000
        return Self.summary(
            clients: clients, latencies: perClient.flatMap(\.0), errors: perClient.map(\.1).reduce(0, +),
            seconds: elapsed)
    }

    /// True for a 2xx or 3xx answer read to the end.
    private func send(_ request: HTTPClientRequest) async -> Bool {
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 22)
            return response.status.code < 400
        } catch {
            return false
        }
    }

    private static func summary(clients: Int, latencies: [Double], errors: Int, seconds: Double) -> Result {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
        }
        return Result(
            clients: clients, requests: sorted.count, errors: errors, seconds: seconds,
            perSecond: Double(sorted.count) / seconds, p50Milliseconds: percentile(50),
            p99Milliseconds: percentile(99), p999Milliseconds: percentile(99.9))
    }
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
