import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SiagaCore
import SiagaStore

/// Takes in BMKG's weather nowcast: each CAP file is read and checked, and for every served region one of its
/// polygons covers, the warning is recorded (the board and the leaders' dashboard show it at once). Nothing is opened
/// or forwarded: a weather warning informs the floor.
struct WeatherIntake: Sendable {
    let dependencies: Dependencies

    struct Outcome: Encodable, Sendable {
        var identifier: String?
        /// The regions the warning was recorded for now.
        var regions: [String]
        /// Why the file was refused, when it was.
        var refusal: WeatherRefusal?
    }

    /// Takes in one CAP file.
    func take(_ data: Data) async throws -> Outcome {
        let now = dependencies.now()
        let alert: WeatherAlert
        do {
            alert = try WeatherCAP.read(data, now: now)
        } catch {
            return Outcome(identifier: nil, regions: [], refusal: error)
        }
        let regions = try await dependencies.store.read { try await $0.regions() }
        let boundaries = try ReferenceData.kabupaten()
        var recorded: [String] = []
        for region in regions {
            guard let boundary = boundaries.areas.first(where: { $0.code == region.code }),
                let warning = WeatherWarning.matching(alert, boundary: boundary)
            else { continue }
            let metadata = dependencies.metadata(QuakeIntake.actor)
            let taken = try await dependencies.store.transaction {
                try await $0.recordWeatherWarning(warning, region: region.code, metadata: metadata)
            }
            if taken { recorded.append(region.code.rawValue) }
        }
        return Outcome(identifier: alert.identifier, regions: recorded, refusal: nil)
    }

    /// Takes in the nowcast RSS read from `feed`: each CAP file it lists that was not read before is fetched and
    /// taken in, and what it answered is remembered (a refused file with its reason, for the region's IT).
    func takeFeed(_ rss: Data, from feed: String, client: HTTPClient, timeout: Duration) async throws
        -> (read: Int, refused: Int, recorded: Int)
    {
        let links: [String]
        do {
            links = try WeatherCAP.links(inFeed: rss)
        } catch {
            throw QuakeIntake.Unreadable(feed: feed, reason: error.reason)
        }
        var (read, refused, recorded) = (0, 0, 0)
        for link in links.prefix(200) {
            guard let url = URL(string: link, relativeTo: URL(string: feed))?.absoluteURL,
                ["http", "https"].contains(url.scheme ?? "")
            else { continue }
            let address = url.absoluteString
            if let known = try await dependencies.store.read({ try await $0.feedRead(address) }),
                known.outcome != .failed
            {
                continue
            }
            var result = FeedRead(
                feed: address, etag: nil, lastModified: nil, checkedAt: dependencies.now(), outcome: .failed,
                detail: nil, quakes: 0, refusals: 0)
            do {
                var request = HTTPClientRequest(url: address)
                request.headers.add(name: "User-Agent", value: "Siaga112 (112 command center)")
                let response = try await client.execute(
                    request, deadline: .now() + .seconds(Int64(timeout.components.seconds)))
                let body = try await response.body.collect(upTo: WeatherCAP.maxBytes)
                if response.status.code == 200 {
                    let outcome = try await take(Data(body.readableBytesView))
                    if let refusal = outcome.refusal {
                        result.outcome = .unreadable
                        result.refusals = 1
                        result.detail =
                            "\(refusal.reason.rawValue) \(refusal.field)" + (refusal.value.map { ": \($0)" } ?? "")
                        refused += 1
                    } else {
                        result.outcome = .read
                        result.quakes = 1
                        result.detail = outcome.identifier
                        read += 1
                        recorded += outcome.regions.count
                    }
                } else {
                    result.detail = "HTTP \(response.status.code)"
                }
            } catch {
                result.detail = String("\(error)".prefix(300))
            }
            try await dependencies.store.transaction { [result] in try await $0.recordFeedRead(result) }
        }
        return (read, refused, recorded)
    }
}
