import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Regions and time zones")
struct RegionTests {
    @Test(
        "A province's time zone follows the map",
        arguments: [
            ("11", "Aceh", IndonesianTimeZone.wib),
            ("31", "DKI Jakarta", .wib),
            ("35", "Jawa Timur", .wib),
            ("61", "Kalimantan Barat", .wib),
            ("62", "Kalimantan Tengah", .wib),
            ("51", "Bali", .wita),
            ("53", "Nusa Tenggara Timur", .wita),
            ("63", "Kalimantan Selatan", .wita),
            ("64", "Kalimantan Timur", .wita),
            ("73", "Sulawesi Selatan", .wita),
            ("76", "Sulawesi Barat", .wita),
            ("81", "Maluku", .wit),
            ("82", "Maluku Utara", .wit),
            ("91", "Papua", .wit),
            ("96", "Papua Barat Daya", .wit),
        ])
    func provinceZone(code: String, province: String, zone: IndonesianTimeZone) {
        // when
        let found = IndonesianTimeZone.forProvince(code)

        // then
        #expect(found == zone, "\(province)")
    }

    @Test("A code that is no province has no zone", arguments: ["00", "20", "37", "99", "ab", ""])
    func unknownProvinceHasNoZone(code: String) {
        // when, then
        #expect(IndonesianTimeZone.forProvince(code) == nil)
    }

    @Test(
        "WIB, WITA and WIT are 7, 8 and 9 hours ahead of UTC, with no daylight saving",
        arguments: [
            (IndonesianTimeZone.wib, 7), (.wita, 8), (.wit, 9),
        ])
    func zoneOffsets(zone: IndonesianTimeZone, hours: Int) {
        // when
        let timeZone = zone.timeZone

        // then
        #expect(zone.utcOffsetHours == hours)
        #expect(timeZone.secondsFromGMT(for: .t0) == hours * 3600)
        #expect(timeZone.secondsFromGMT(for: .utc("2026-06-01T00:00:00Z")) == hours * 3600)
    }

    @Test(
        "A region takes its time zone from its province",
        arguments: [
            (Region.sidoarjo, IndonesianTimeZone.wib), (Region.blitar, .wib), (Region.denpasar, .wita),
            (Region.jayapura, .wit),
        ])
    func regionZone(region: Region, zone: IndonesianTimeZone) {
        // when, then
        #expect(region.timeZone == zone)
    }

    @Test("Only a regency or city can be a region", arguments: ["35", "35.15.18", "35.15.18.2001"])
    func regionMustBeARegency(text: String) throws {
        // given
        let code = try #require(RegionCode(text))

        // when
        let region = Region(code: code, name: "Sidoarjo")

        // then
        #expect(region == nil)
    }

    @Test("A regency in a province with no known zone cannot be a region")
    func regionNeedsAKnownProvince() throws {
        // given
        let code = try #require(RegionCode("99.01"))

        // when
        let region = Region(code: code, name: "Tidak ada")

        // then
        #expect(region == nil)
    }

    @Test("By default a region never flags repeat prank callers, and counts pranks over a week when it does")
    func defaultPolicy() {
        // given, when
        let policy = Region.sidoarjo.policy

        // then
        #expect(policy.repeatPrankThreshold == nil)
        #expect(policy.repeatPrankWindowHours == 168)
    }
}
