import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SiagaCore
import SiagaTestSupport
import Synchronization
import Testing

@testable import SiagaServer

/// The `If-None-Match` of each request the stand-in served.
final class Seen: Sendable {
    let tags = Mutex<[String]>([])
}

@Suite("Reading BMKG's feeds: conditional requests, and every answer recorded")
struct QuakeFeedPollerTests {
    /// A stand-in for BMKG's servers on a local port: `last30event.xml` with an ETag, answering 304 to a request
    /// that has it; `rusak.json` a proxy's error page; `mati.json` a 503. Records each request's `If-None-Match`.
    static func withFeeds(_ body: @Sendable (Int, Seen) async throws -> Void) async throws {
        let seen = Seen()
        let router = Router()
        router.get("last30event.xml") { request, _ -> Response in
            let tag = request.headers[.ifNoneMatch] ?? ""
            seen.tags.withLock { $0.append(tag) }
            if tag == "\"v1\"" { return Response(status: .notModified, headers: [.eTag: "\"v1\""]) }
            return Response(
                status: .ok, headers: [.eTag: "\"v1\"", .contentType: "application/xml"],
                body: .init(byteBuffer: ByteBuffer(bytes: BMKGSamples.data("last30event.xml"))))
        }
        router.get("rusak.json") { _, _ in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<html>Bad Gateway</html>")))
        }
        router.get("mati.json") { _, _ in Response(status: .serviceUnavailable) }
        // The nowcast RSS and the CAP files it lists, each counted when fetched.
        for name in [
            "nowcast-rss.xml", "CJI20261207003_alert.xml", "CBA20261207001_alert.xml", "CJI20261207002_alert.xml",
        ] {
            router.get(RouterPath(stringLiteral: name)) { _, _ -> Response in
                seen.tags.withLock { $0.append(name) }
                return Response(
                    status: .ok, headers: [.contentType: "application/xml"],
                    body: .init(byteBuffer: ByteBuffer(bytes: BMKGSamples.data(name))))
            }
        }
        let feeds = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await feeds.test(.live) { client in try await body(try #require(client.port), seen) }
    }

    @Test("A feed read twice is asked for conditionally the second time, and an unchanged one records nothing new")
    func conditionalRequests() async throws {
        try await Self.withFeeds { port, seen in
            try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
                // given
                let url = "http://127.0.0.1:\(port)/last30event.xml"
                let poller = QuakeFeedPoller(
                    dependencies: Dependencies(store: app.database.store, now: app.clock.nowFunction),
                    client: HTTPClient.shared, settings: QuakeFeedSettings(feeds: [url]))

                // when
                let first = try await poller.readAll()
                let second = try await poller.readAll()

                // then the Blitar quake is recorded once (Blitar to verify, Sidoarjo shown), Maluku's for nobody
                #expect(first == 2)
                #expect(second == 0)
                #expect(seen.tags.withLock { $0 } == ["", "\"v1\""])
                let feeds = try await app.send(.get, "/warnings/feeds", as: .admin)
                #expect(feeds["feeds.0.feed"] as? String == url)
                #expect(feeds["feeds.0.outcome"] as? String == "unchanged")
                let list = try await app.send(.get, "/warnings?region=35.05")
                #expect(list["items.0.warning.quake.source"] as? String == "last30event.xml")
            }
        }
    }

    @Test("The nowcast: each CAP file listed is fetched once, Sidoarjo's is on its list, a refused one is recorded")
    func nowcast() async throws {
        try await Self.withFeeds { port, seen in
            try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
                // given
                let rss = "http://127.0.0.1:\(port)/nowcast-rss.xml"
                let poller = QuakeFeedPoller(
                    dependencies: Dependencies(store: app.database.store, now: app.clock.nowFunction),
                    client: HTTPClient.shared, settings: QuakeFeedSettings(nowcast: [rss]))

                // when
                let first = try await poller.readAll()
                let second = try await poller.readAll()

                // then one warning, for Sidoarjo only; the files are not fetched again
                #expect(first == 1)
                #expect(second == 0)
                let fetched = seen.tags.withLock { $0 }
                #expect(fetched.filter { $0.hasSuffix("_alert.xml") }.count == 3, "\(fetched)")
                let list = try await app.send(.get, "/warnings?region=35.15")
                #expect(list["items.0.kind"] as? String == "weather")
                #expect(list["items.0.weather.event"] as? String == "Hujan Lebat dan Petir")
                #expect(
                    (list["items.0.weather.areas"] as? [String]) == ["Kab. Sidoarjo: Waru, Taman, Gedangan, Sedati"])
                let blitar = try await app.send(.get, "/warnings?region=35.05")
                #expect((blitar["items"] as? [Any])?.isEmpty == true)
                let feeds = try await app.send(.get, "/warnings/feeds", as: .admin)
                let swapped = (feeds["feeds"] as? [[String: Any]] ?? []).first {
                    ($0["feed"] as? String)?.hasSuffix("CJI20261207002_alert.xml") == true
                }
                #expect(swapped?["outcome"] as? String == "unreadable")
                #expect((swapped?["detail"] as? String)?.hasPrefix("polygonOutsideIndonesia") == true)
            }
        }
    }

    @Test("An error page and an unreachable feed are recorded as such; nothing is taken from them")
    func failures() async throws {
        try await Self.withFeeds { port, _ in
            try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
                let feeds =
                    ["rusak.json", "mati.json"].map { "http://127.0.0.1:\(port)/\($0)" } + [
                        "http://127.0.0.1:1/autogempa.json"
                    ]
                let dependencies = Dependencies(store: app.database.store, now: app.clock.nowFunction)
                // The stand-in answers at once however busy the machine is; nothing listens on port 1, and the
                // client keeps trying to connect until the deadline, so that one gets a short one.
                let served = QuakeFeedPoller(
                    dependencies: dependencies, client: HTTPClient.shared,
                    settings: QuakeFeedSettings(feeds: Array(feeds.prefix(2)), timeout: .seconds(30)))
                let unreachable = QuakeFeedPoller(
                    dependencies: dependencies, client: HTTPClient.shared,
                    settings: QuakeFeedSettings(feeds: [feeds[2]], timeout: .seconds(1)))
                #expect(try await served.readAll() == 0)
                #expect(try await unreachable.readAll() == 0)
                let answer = try await app.send(.get, "/warnings/feeds", as: .admin)
                let reads = (answer["feeds"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
                    $0[$1["feed"] as? String ?? ""] = $1
                }
                #expect(reads[feeds[0]]?["outcome"] as? String == "unreadable")
                #expect(reads[feeds[0]]?["detail"] as? String == "root element is not alert")
                #expect(reads[feeds[1]]?["outcome"] as? String == "failed")
                #expect(reads[feeds[1]]?["detail"] as? String == "HTTP 503")
                #expect(reads[feeds[2]]?["outcome"] as? String == "failed")
                let list = try await app.send(.get, "/warnings?region=35.05")
                #expect((list["items"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
