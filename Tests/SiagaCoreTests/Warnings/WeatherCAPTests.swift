import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("BMKG's weather nowcast: CAP files read field by field, matched to a region by polygon")
struct WeatherCAPTests {
    static let sidoarjo = BoundaryArea(
        code: Region.sidoarjo.code, name: "Kabupaten Sidoarjo",
        polygons: [
            PolygonShape(
                outer: Ring(
                    [(-7.30, 112.55), (-7.30, 112.85), (-7.60, 112.85), (-7.60, 112.55), (-7.30, 112.55)]
                        .map { Coordinate(latitude: $0.0, longitude: $0.1)! }))
        ])

    static var text: String { String(decoding: BMKGSamples.data("CJI20261207003_alert.xml"), as: UTF8.self) }

    static func read(_ text: String) throws(WeatherRefusal) -> WeatherAlert {
        try WeatherCAP.read(Data(text.utf8), now: BMKGSamples.now)
    }

    @Test("The Indonesian info is read with its areas, and the warning names only the areas over Sidoarjo")
    func readsAndMatches() throws {
        let alert = try Self.read(Self.text)
        #expect(alert.identifier == "CJI20261207003")
        #expect(alert.event == "Hujan Lebat dan Petir")
        #expect(alert.severity == "Moderate" && alert.urgency == "Immediate")
        #expect(alert.expires == Date(timeIntervalSince1970: 1_796_619_600))
        #expect(
            alert.areas.map(\.description) == [
                "Kab. Sidoarjo: Waru, Taman, Gedangan, Sedati", "Kota Surabaya: Wonokromo, Gayungan",
            ])
        let warning = try #require(WeatherWarning.matching(alert, boundary: Self.sidoarjo))
        #expect(warning.areas == ["Kab. Sidoarjo: Waru, Taman, Gedangan, Sedati"])
        let bali = try WeatherCAP.read(BMKGSamples.data("CBA20261207001_alert.xml"), now: BMKGSamples.now)
        #expect(WeatherWarning.matching(bali, boundary: Self.sidoarjo) == nil)
    }

    @Test("A polygon around the region, with no corner inside it, still covers it")
    func polygonAroundTheRegion() throws {
        let wide = Self.text.replacingOccurrences(
            of: "-7.33,112.68 -7.33,112.80 -7.42,112.80 -7.42,112.68 -7.33,112.68",
            with: "-7.0,112.0 -7.0,113.5 -8.0,113.5 -8.0,112.0 -7.0,112.0")
        #expect(WeatherWarning.matching(try Self.read(wide), boundary: Self.sidoarjo) != nil)
    }

    static let hostile: [(String, @Sendable (String) -> String, WeatherRefusal.Reason, String)] = [
        (
            "lon,lat polygon", { _ in String(decoding: BMKGSamples.data("CJI20261207002_alert.xml"), as: UTF8.self) },
            .polygonOutsideIndonesia, "info.area.polygon"
        ),
        (
            "an exercise", { $0.replacingOccurrences(of: "<status>Actual", with: "<status>Exercise") }, .notActual,
            "status"
        ),
        (
            "expired", { $0.replacingOccurrences(of: "2026-12-07T12:00:00+07:00", with: "2026-12-07T09:50:00+07:00") },
            .expired, "info.expires"
        ),
        (
            "a time without its offset",
            { $0.replacingOccurrences(of: "2026-12-07T09:40:00+07:00", with: "2026-12-07T09:40:00") },
            .unreadableTime, "sent"
        ),
        (
            "a severity CAP does not have", { $0.replacingOccurrences(of: "Moderate", with: "Sedang") }, .unknownValue,
            "info.severity"
        ),
        (
            "no expiry", { $0.replacingOccurrences(of: "<expires>2026-12-07T12:00:00+07:00</expires>", with: "") },
            .missingField, "info.expires"
        ),
        (
            "an open polygon",
            { $0.replacingOccurrences(of: "-7.42,112.68 -7.33,112.68</polygon>", with: "-7.42,112.68</polygon>") },
            .unreadablePolygon, "info.area.polygon"
        ),
        ("another namespace", { $0.replacingOccurrences(of: "cap:1.2", with: "cap:1.1") }, .notCAP, "alert"),
        (
            "a document type",
            {
                "<!DOCTYPE alert [<!ENTITY a \"aaaa\">]>\n"
                    + $0.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "")
            },
            .notCAP, "alert"
        ),
        ("not XML", { String($0.prefix(300)) }, .notCAP, "alert"),
    ]

    @Test("Every untrustworthy file is refused with the field that made it so", arguments: 0..<hostile.count)
    func refusals(_ index: Int) {
        let (name, mutate, reason, field) = Self.hostile[index]
        #expect(throws: WeatherRefusal.self, "\(name)") { try Self.read(mutate(Self.text)) }
        do {
            _ = try Self.read(mutate(Self.text))
        } catch {
            #expect(error.reason == reason, "\(name): \(error)")
            #expect(error.field == field, "\(name): \(error)")
        }
    }

    @Test("The RSS lists the CAP files in order; an RSS with a document type is refused")
    func feed() throws {
        #expect(
            try WeatherCAP.links(inFeed: BMKGSamples.data("nowcast-rss.xml"))
                == ["CJI20261207003_alert.xml", "CBA20261207001_alert.xml", "CJI20261207002_alert.xml"])
        #expect(throws: XMLNode.Unreadable.self) {
            try WeatherCAP.links(inFeed: Data("<!DOCTYPE rss><rss><channel/></rss>".utf8))
        }
    }
}
