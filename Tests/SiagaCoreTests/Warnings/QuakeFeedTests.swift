import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("BMKG quake feeds: lenient about the shape, strict about every value")
struct QuakeFeedTests {
    static let blitarOrigin = Date(timeIntervalSince1970: 1_796_456_121)  // 5 December 2026, 14:35:21 WIB

    func read(_ name: String) throws -> QuakeFeed.Reading {
        try QuakeFeed.read(BMKGSamples.data(name), source: name, now: BMKGSamples.now)
    }

    @Test(
        "The same Blitar quake reads the same from each feed, whatever its coordinate order and time format",
        arguments: ["autogempa.json", "gempadirasakan.json", "datagempa.json", "last30event.xml"])
    func sameQuakeFromEveryFeed(_ feed: String) throws {
        // when
        let reading = try read(feed)

        // then
        #expect(reading.refusals.isEmpty, "\(reading.refusals)")
        let quake = try #require(reading.quakes.first)
        #expect(quake.eventID == "20261205143521")
        #expect(quake.origin == Self.blitarOrigin)
        #expect(abs(quake.epicenter.latitude - -8.47) < 0.0001)
        #expect(abs(quake.epicenter.longitude - 112.21) < 0.0001)
        #expect(quake.magnitude == 6.2)
        #expect(quake.depthKm == 48)
        #expect(quake.source == feed)
    }

    @Test("BMKG's felt list becomes places with their highest intensity; the text is kept whole")
    func feltList() throws {
        let quake = try #require(try read("autogempa.json").quakes.first)
        #expect(
            quake.felt.map { "\($0.mmi) \($0.place)" } == [
                "5 Blitar", "4 Malang", "4 Tulungagung", "4 Kediri", "3 Trenggalek",
            ])
        #expect(quake.felt[3].scale == "III - IV")
        #expect(quake.feltText == "V Blitar, IV Malang, IV Tulungagung, III - IV Kediri, III Trenggalek")
    }

    @Test("Times in WITA and WIT are read in their own zone")
    func otherZones() throws {
        let maluku = try #require(try read("last30event.xml").quakes.last)
        #expect(maluku.origin == Date(timeIntervalSince1970: 1_796_062_360))  // 1 December 2026, 03:12:40 WIT
        let palu = try #require(try read("gempadirasakan.json").quakes.last)
        #expect(palu.eventID == "20261203080144")  // named by its origin in WIB
    }

    @Test("Every entry that cannot be trusted is refused with its reason; the sound one is still read")
    func hostileEntries() throws {
        // when
        let reading = try read("hostile-entries.json")

        // then
        #expect(
            reading.refusals.map(\.reason) == [
                .unreadableTime, .unreadableCoordinates, .coordinatesDisagree, .magnitudeOutOfRange, .depthOutOfRange,
                .unreadableTime, .originInFuture, .missingField,
            ])
        #expect(reading.refusals.map(\.entry) == Array(0...7))
        #expect(reading.refusals[3].value == "12.5")
        #expect(reading.quakes.map(\.magnitude) == [4.1])
    }

    @Test("A document that is not a feed is refused whole, and nothing in it is used")
    func unreadableDocuments() {
        for (text, reason) in [
            ("<html><body>502 Bad Gateway</body></html>", "root element is not alert"),
            ("{\"Infogempa\": {\"gempa\": 5}}", "Infogempa without gempa"),
            ("{\"data\": []}", "neither Infogempa nor info"),
            ("{\"Infogempa\": ", "not a JSON object"),
            ("Service Unavailable", "neither JSON nor XML"),
            ("<alert><info><magnitude>5</info></alert>", "not well-formed XML"),
        ] {
            let error = #expect(throws: QuakeFeed.Unreadable.self) {
                try QuakeFeed.read(Data(text.utf8), source: "test", now: BMKGSamples.now)
            }
            #expect(error?.reason.hasPrefix(reason) == true, "\(text): \(error?.reason ?? "read")")
        }
    }

    @Test("A document type with entities is refused before the XML parser sees it")
    func entityExpansion() {
        let error = #expect(throws: QuakeFeed.Unreadable.self) {
            try QuakeFeed.read(BMKGSamples.data("hostile-entity.xml"), source: "test", now: BMKGSamples.now)
        }
        #expect(error?.reason == "document type declarations are not accepted")
    }
}
