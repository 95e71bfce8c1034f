import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization

/// Live-feed fan-out: `consoles` WebSocket clients subscribed while writers run; for every event each console
/// receives, the time from the event's write (its `at`) to its arrival.
struct FanOut {
    struct Result: Codable {
        var consoles: Int
        var deliveries: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var disconnected: Int
        /// How long the writers ran.
        var writeSeconds: Double
        /// With a stalled console: what it found when it read again after the run.
        var stalled: StalledConsole.Outcome?
    }

    final class Collector: Sendable {
        let latencies = Mutex<[Double]>([])
        let ready = Atomic<Int>(0)
        let disconnected = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let writeSeconds = Mutex<Double>(0)
    }

    static let instant = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Consoles connect to `ports` in turn, as a load balancer would spread them.
    ///
    /// With `stalledConsole`, one more console connects to the first port before them and never reads. The figures
    /// are the other consoles', over the same writes as without it; then `write` runs again until the server drops
    /// a console for lag or `StalledConsole.unreadFor` has passed, and the stalled console reads what the server
    /// kept for it.
    static func run(
        consoles: Int, ports: [Int], token: String, stalledConsole: Bool = false,
        write: @escaping @Sendable () async -> Void
    ) async -> Result {
        let collector = Collector()
        let (drops, connected) = (LagDrops.count(), ContinuousClock.now)
        let stalled = stalledConsole ? try? await StalledConsole.connect(port: ports[0], token: token) : nil
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<consoles {
                group.addTask {
                    await listen(index: index, port: ports[index % ports.count], token: token, collector: collector)
                }
            }
            group.addTask { await writeOnceReady(consoles: consoles, collector: collector, write: write) }
        }
        let latencies = collector.latencies.withLock { $0 }.sorted()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[
                min(latencies.count - 1, max(0, Int((p / 100 * Double(latencies.count)).rounded(.up)) - 1))]
        }
        var outcome: StalledConsole.Outcome?
        if stalledConsole {
            outcome =
                await stalled?.drain(after: connected, droppedIf: { LagDrops.count() > drops }, write: write)
                ?? StalledConsole.Outcome(connected: false)
        }
        return Result(
            consoles: consoles, deliveries: latencies.count, p50Milliseconds: percentile(50),
            p99Milliseconds: percentile(99), maxMilliseconds: latencies.last ?? 0,
            disconnected: collector.disconnected.load(ordering: .relaxed),
            writeSeconds: collector.writeSeconds.withLock { $0 }, stalled: outcome)
    }

    /// Writes only once every console is subscribed, then stops them all.
    private static func writeOnceReady(consoles: Int, collector: Collector, write: @Sendable () async -> Void) async {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while collector.ready.load(ordering: .relaxed) < consoles, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let began = clock.now
        await write()
        collector.writeSeconds.withLock { $0 = (clock.now - began).milliseconds / 1000 }
        try? await Task.sleep(for: .seconds(2))
        collector.stop.store(true, ordering: .relaxed)
        await write()  // one more event wakes every console to see the stop
    }

    /// One console: records each event's delay until the collector says stop.
    private static func listen(index: Int, port: Int, token: String, collector: Collector) async {
        _ = try? await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/api/v1/live",
            configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: [.authorization: "Bearer \(token)"]),
            logger: Logger(label: "bench-console-\(index)")
        ) { inbound, outbound, _ in
            var mine: [Double] = []
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                let arrived = Date()
                if text.contains(#""type":"ready""#) { collector.ready.add(1, ordering: .relaxed) }
                if text.contains(#""type":"disconnect""#) {
                    collector.disconnected.add(1, ordering: .relaxed)
                }
                if text.contains(#""type":"event""#), let at = Self.at(in: text) {
                    mine.append(arrived.timeIntervalSince(at) * 1000)
                }
                if collector.stop.load(ordering: .relaxed) { break }
            }
            collector.latencies.withLock { $0 += mine }
            try await outbound.close(.normalClosure, reason: nil)
        }
    }

    static func at(in text: String) -> Date? {
        guard let range = text.range(of: #""at":""#) else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return try? instant.parse(String(rest[..<end]))
    }
}
