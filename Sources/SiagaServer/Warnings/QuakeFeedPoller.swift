public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import SiagaCore
import SiagaStore

/// Which BMKG feeds this server reads, and how often.
public struct QuakeFeedSettings: Sendable, Hashable {
    /// BMKG's published quake feeds: the data portal's latest, felt and M 5+ lists, and InaTEWS's latest and its
    /// M 5+ list.
    public static let bmkg = [
        "https://data.bmkg.go.id/DataMKG/TEWS/autogempa.json",
        "https://data.bmkg.go.id/DataMKG/TEWS/gempadirasakan.json",
        "https://data.bmkg.go.id/DataMKG/TEWS/gempaterkini.json",
        "https://bmkg-content-inatews.storage.googleapis.com/datagempa.json",
        "https://bmkg-content-inatews.storage.googleapis.com/last30event.xml",
    ]

    /// BMKG's weather nowcast: an RSS of the CAP files of the warnings in force.
    public static let bmkgNowcast = ["https://www.bmkg.go.id/alerts/nowcast/id/rss.xml"]

    public var feeds: [String]
    /// Nowcast RSS feeds, each listing CAP 1.2 files.
    public var nowcast: [String]
    public var interval: Duration
    /// A feed that does not answer within this (connection included) is tried again next round.
    public var timeout: Duration

    public init(
        feeds: [String] = [], nowcast: [String] = [], interval: Duration = .seconds(60),
        timeout: Duration = .seconds(15)
    ) {
        self.feeds = feeds
        self.nowcast = nowcast
        self.interval = interval
        self.timeout = timeout
    }
}

/// Reads each configured feed with a conditional request (the `ETag` and `Last-Modified` it answered last time), so
/// an unchanged feed costs BMKG a 304 and Siaga112 nothing, and takes in what changed.
struct QuakeFeedPoller: Sendable {
    let dependencies: Dependencies
    let client: HTTPClient
    let settings: QuakeFeedSettings

    /// One round over every feed; returns how many warnings it recorded.
    func readAll() async throws -> Int {
        var recorded = 0
        for feed in settings.feeds {
            recorded += try await read(feed) { data, name in
                let outcome = try await QuakeIntake(dependencies: dependencies).take(data, feed: name)
                return (outcome.quakes, outcome.refusals.count, outcome.warnings.count)
            }
        }
        let weather = WeatherIntake(dependencies: dependencies)
        for feed in settings.nowcast {
            recorded += try await read(feed) { data, _ in
                try await weather.takeFeed(data, from: feed, client: client, timeout: settings.timeout)
            }
        }
        if !settings.nowcast.isEmpty {
            // Each CAP file read is remembered a week, so it is fetched once; the feeds themselves are kept.
            let now = dependencies.now()
            try await dependencies.store.transaction { [settings] in
                try await $0.forgetFeedReads(
                    olderThan: now.addingTimeInterval(-7 * 86_400), keeping: settings.feeds + settings.nowcast)
            }
        }
        return recorded
    }

    /// Reads `feed` once with a conditional request, hands what changed to `take` (which answers how many entries
    /// it read, refused and recorded), and records what the feed answered.
    func read(
        _ feed: String, take: (Data, String) async throws -> (read: Int, refused: Int, recorded: Int)
    ) async throws -> Int {
        let last = try await dependencies.store.read { try await $0.feedRead(feed) }
        var request = HTTPClientRequest(url: feed)
        if let etag = last?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let modified = last?.lastModified { request.headers.add(name: "If-Modified-Since", value: modified) }
        request.headers.add(name: "User-Agent", value: "Siaga112 (112 command center)")
        var read = FeedRead(
            feed: feed, etag: nil, lastModified: nil, checkedAt: dependencies.now(), outcome: .failed, detail: nil,
            quakes: 0, refusals: 0)
        var recorded = 0
        do {
            let response = try await client.execute(
                request, deadline: .now() + .milliseconds(settings.timeout.components.seconds * 1000))
            let body = try await response.body.collect(upTo: QuakeFeed.maxBytes)
            switch response.status.code {
            case 304:
                read.outcome = .unchanged
            case 200:
                read.etag = response.headers.first(name: "ETag")
                read.lastModified = response.headers.first(name: "Last-Modified")
                let name = URL(string: feed)?.lastPathComponent ?? feed
                let outcome = try await take(Data(body.readableBytesView), name)
                (read.outcome, read.quakes, read.refusals) = (.read, outcome.read, outcome.refused)
                recorded = outcome.recorded
            default:
                read.detail = "HTTP \(response.status.code)"
            }
        } catch let unreadable as QuakeIntake.Unreadable {
            (read.outcome, read.detail) = (.unreadable, unreadable.reason)
            // A document that could not be read is asked for again in full next time.
            (read.etag, read.lastModified) = (nil, nil)
        } catch {
            read.detail = String("\(error)".prefix(300))
        }
        try await dependencies.store.transaction { [read] in try await $0.recordFeedRead(read) }
        return recorded
    }
}
