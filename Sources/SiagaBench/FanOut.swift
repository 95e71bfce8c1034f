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

    /// The event's `at`, read straight from its digits: a console of the bench spends its time on the server's
    /// messages, not on a general date parser, so that the figures are the server's.
    static func at(in text: String) -> Date? {
        guard let range = text.range(of: #""at":""#) else { return nil }
        // 2026-12-07T22:33:17.123Z
        let digits = Array(text.utf8[range.upperBound...].prefix(24))
        guard digits.count == 24, digits[4] == UInt8(ascii: "-"), digits[10] == UInt8(ascii: "T"),
            digits[19] == UInt8(ascii: "."), digits[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int {
            digits[from..<(from + count)].reduce(0) { $0 * 10 + Int($1) - 48 }
        }
        let (year, month, day) = (number(0, 4), number(5, 2), number(8, 2))
        // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + number(11, 2) * 3_600 + number(14, 2) * 60 + number(17, 2)
        return Date(timeIntervalSince1970: Double(seconds) + Double(number(20, 3)) / 1000)
    }
}
