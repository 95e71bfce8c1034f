import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization

/// Catch-up: non-emergency calls written while no console is connected, as many as leaves at most `maxReplay`
/// events missed, then one console that resumes with `since`: the time from connecting to its `ready`, and
/// whether it received every missed event once, in event-id order.
struct CatchUp {
    struct Result: Codable {
        /// Events one call writes, from the `lastEventId` of `ready` before and after `probeCalls` calls.
        var eventsPerCall: Int
        var calls: Int
        var writeErrors: Int
        /// Events committed per second while the calls were written by `writers` clients.
        var writtenPerSecond: Double
        /// The console's `since`, and the `lastEventId` of its `ready` (or `resync`).
        var since: Int64
        var lastEventId: Int64
        /// Event messages the console received before `ready`.
        var replayed: Int
        /// The count the server gave in `ready`.
        var replayedByServer: Int
        /// Every event id was after the one before and within `since`…`lastEventId`: in order, none twice.
        var inOrder: Bool
        /// The server answered `resync` instead of replaying.
        var resync: Bool
        var secondsToReady: Double
        var replayedPerSecond: Double

        /// Events after `since` up to `lastEventId`.
        var missed: Int { Int(lastEventId - since) }
    }

    /// The publisher's `maxReplay`: more missed events than this get `resync`.
    static let maxReplay = 10_000
    static let writers = 16
    static let probeCalls = 16

    /// Writes through `call(serial)` and reads the feed on loopback `port`.
    static func run(port: Int, token: String, load: LoadGenerator, call: @escaping @Sendable (Int) -> HTTPClientRequest)
        async throws -> Result
    {
        let before = try await Feed.read(port: port, token: token, since: nil).lastEventID
        _ = await load.run(clients: probeCalls, requests: probeCalls, makeRequest: call)
        let since = try await Feed.read(port: port, token: token, since: nil).lastEventID
        let eventsPerCall = max(1, Int(since - before) / probeCalls)
        let calls = maxReplay / eventsPerCall
        let written = await load.run(clients: writers, requests: calls) { call(probeCalls + $0) }
        // The server publishes after each commit; give it a moment to reach the last one before subscribing.
        try await Task.sleep(for: .seconds(1))
        let feed = try await Feed.read(port: port, token: token, since: since)
        let inOrder = zip([since] + feed.eventIDs, feed.eventIDs + [feed.lastEventID + 1]).allSatisfy { $0 < $1 }
        return Result(
            eventsPerCall: eventsPerCall, calls: calls, writeErrors: written.errors,
            writtenPerSecond: Double(calls * eventsPerCall) / written.seconds, since: since,
            lastEventId: feed.lastEventID, replayed: feed.eventIDs.count, replayedByServer: feed.replayedByServer,
            inOrder: inOrder, resync: feed.resync, secondsToReady: feed.seconds,
            replayedPerSecond: Double(feed.eventIDs.count) / max(feed.seconds, 0.000_001))
    }

    /// One console's session up to `ready` (or `resync`).
    struct Feed: Sendable {
        var lastEventID: Int64 = 0
        var eventIDs: [Int64] = []
        var replayedByServer = 0
        var resync = false
        /// From starting to connect until `ready`.
        var seconds = 0.0

        final class Box: Sendable {
            let feed = Mutex<Feed?>(nil)
        }

        static func read(port: Int, token: String, since: Int64?) async throws -> Feed {
            let box = Box()
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/api/v1/live" + (since.map { "?since=\($0)" } ?? ""),
                configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: [.authorization: "Bearer \(token)"]),
                logger: Logger(label: "bench-catch-up")
            ) { inbound, outbound, _ in
                var feed = Feed()
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    if feed.read(text) {
                        feed.seconds = (clock.now - started).milliseconds / 1000
                        box.feed.withLock { $0 = feed }
                        break
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            guard let feed = box.feed.withLock({ $0 }) else { throw CatchUpError.noReady(port: port) }
            return feed
        }

        /// Takes in one message; true once it is `ready` or `resync`.
        private mutating func read(_ text: String) -> Bool {
            if text.contains(#""type":"event""#) {
                eventIDs.append(WebSocketFrameReader.field("eventId", in: text).flatMap(Int64.init) ?? -1)
                return false
            }
            guard text.contains(#""type":"ready""#) || text.contains(#""type":"resync""#) else { return false }
            resync = text.contains(#""type":"resync""#)
            lastEventID = WebSocketFrameReader.field("lastEventId", in: text).flatMap(Int64.init) ?? -1
            replayedByServer = Self.number("replayed", in: text) ?? 0
            return true
        }

        /// A whole-number field's value in a JSON message: `"name":123`.
        private static func number(_ name: String, in text: String) -> Int? {
            guard let range = text.range(of: "\"\(name)\":") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
    }
}

enum CatchUpError: Error {
    case noReady(port: Int)
}

extension CatchUp.Result {
    /// Rows of the bench table.
    var rows: [String] {
        let number = BenchCommand.number
        let outcome =
            resync
            ? words("resync, bukan replay", "resync instead of replay")
            : words(
                "\(replayed) dari \(missed) event terlewat diputar ulang (dihitung server: \(replayedByServer)); berurutan, tanpa ganda: \(inOrder)",
                "\(replayed) of \(missed) missed events replayed (server counted \(replayedByServer)); in order, none twice: \(inOrder)"
            )
        return [
            words(
                "| pengejaran \(missed) event terlewat (\(calls) panggilan × \(eventsPerCall) event) | siap setelah \(number(secondsToReady, 2)) s: \(number(replayedPerSecond, 0)) event/s; \(outcome); \(writeErrors) galat tulis | ditulis \(number(writtenPerSecond, 0)) event/s oleh \(CatchUp.writers) klien | replay \(number(replayedPerSecond / max(writtenPerSecond, 1), 1))× laju tulis |",
                "| catch-up of \(missed) missed events (\(calls) calls × \(eventsPerCall) events) | ready after \(number(secondsToReady, 2)) s: \(number(replayedPerSecond, 0)) events/s; \(outcome); \(writeErrors) write errors | written at \(number(writtenPerSecond, 0)) events/s by \(CatchUp.writers) clients | replay \(number(replayedPerSecond / max(writtenPerSecond, 1), 1))× the write rate |"
            )
        ]
    }
}
