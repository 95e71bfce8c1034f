import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident numbers")
struct IncidentNumberTests {
    @Test("A number reads region, local day and a four-digit sequence")
    func printedForm() {
        // given
        let number = IncidentNumber(
            region: Region.sidoarjo.code, day: LocalDay(year: 2026, month: 11, day: 23), sequence: 7)

        // when
        let text = number.description

        // then
        #expect(text == "3515-261123-0007")
    }

    @Test(
        "A day prints in the ISO form it was written in, the year in four digits (found by schemathesis)",
        arguments: ["2026-11-23", "0858-06-02", "0001-01-01", "9999-12-31"])
    func isoRoundTrip(_ text: String) {
        #expect(LocalDay(iso: text)?.description == text)
    }

    @Test("The fixture incident reported at 10:00 WIB is the seventh of 23 November in Sidoarjo")
    func fixtureNumber() {
        // given, when
        let incident = Incident.fixture(.logged)

        // then
        #expect(incident.number.description == "3515-261123-0007")
    }

    @Test(
        "After the 9999th incident of a day the sequence prints five digits",
        arguments: [
            (9999, "3515-261123-9999"), (10000, "3515-261123-10000"), (12345, "3515-261123-12345"),
        ])
    func longSequence(sequence: Int, expected: String) {
        // given
        let number = IncidentNumber(
            region: Region.sidoarjo.code, day: LocalDay(year: 2026, month: 11, day: 23), sequence: sequence)

        // when, then
        #expect(number.description == expected)
        #expect(IncidentNumber(parsing: expected) == number)
    }

    @Test("Numbers of one day sort by sequence, not by text")
    func ordering() {
        // given
        let day = LocalDay(year: 2026, month: 11, day: 23)
        let ninth = IncidentNumber(region: Region.sidoarjo.code, day: day, sequence: 9999)
        let tenThousandth = IncidentNumber(region: Region.sidoarjo.code, day: day, sequence: 10000)
        let nextDay = IncidentNumber(
            region: Region.sidoarjo.code, day: LocalDay(year: 2026, month: 11, day: 24), sequence: 1)

        // when, then
        #expect(ninth < tenThousandth)
        #expect(tenThousandth < nextDay)
    }

    @Test(
        "The local day turns at midnight in the region's own zone",
        arguments: [
            // 23:59:59 and 00:00:00 local: WIB is UTC+7, WITA UTC+8, WIT UTC+9
            ("2026-11-23T16:59:59Z", IndonesianTimeZone.wib, 23),
            ("2026-11-23T17:00:00Z", .wib, 24),
            ("2026-11-23T15:59:59Z", .wita, 23),
            ("2026-11-23T16:00:00Z", .wita, 24),
            ("2026-11-23T14:59:59Z", .wit, 23),
            ("2026-11-23T15:00:00Z", .wit, 24),
            // the same instant, 16:00Z: 23:00 WIB but 01:00 the next day WIT
            ("2026-11-23T16:00:00Z", .wib, 23),
            ("2026-11-23T16:00:00Z", .wit, 24),
        ])
    func localDayAcrossMidnight(instant: String, zone: IndonesianTimeZone, day: Int) {
        // given
        let date = Date.utc(instant)

        // when
        let local = LocalDay(date, in: zone)

        // then
        #expect(local == LocalDay(year: 2026, month: 11, day: day))
    }

    @Test("New Year's Eve after 17:00 UTC is already next year in Sidoarjo")
    func localDayAcrossNewYear() {
        // given
        let instant = Date.utc("2026-12-31T17:00:00Z")

        // when
        let local = LocalDay(instant, in: .wib)

        // then
        #expect(local == LocalDay(year: 2027, month: 1, day: 1))
        #expect(local.yymmdd == "270101")
        #expect(local.description == "2027-01-01")
    }

    @Test(
        "An incident reported just after local midnight takes the new day's number",
        arguments: [
            (Region.jayapura, "2026-11-23T15:00:00Z", "9171-261124-0007"),
            (Region.denpasar, "2026-11-23T15:59:59Z", "5171-261123-0007"),
            (Region.sidoarjo, "2026-11-23T17:00:00Z", "3515-261124-0007"),
        ])
    func numberUsesTheRegionsDay(region: Region, instant: String, expected: String) {
        // given, when
        let incident = Incident.fixture(.logged, in: region, location: nil, at: .utc(instant))

        // then
        #expect(incident.number.description == expected)
    }

    @Test(
        "A printed number parses back to the same number",
        arguments: [
            "3515-261123-0007", "9171-270101-0001", "5171-261231-0420", "3505-280229-12345",
        ])
    func parsingRoundTrip(text: String) throws {
        // when
        let number = try #require(IncidentNumber(parsing: text))

        // then
        #expect(number.description == text)
        let json = try JSONEncoder().encode(number)
        #expect(try JSONDecoder().decode(IncidentNumber.self, from: json) == number)
    }

    @Test("Parsing reads the region, the day and the sequence")
    func parsingReadsFields() throws {
        // when
        let number = try #require(IncidentNumber(parsing: "9171-261124-0031"))

        // then
        #expect(number.region == Region.jayapura.code)
        #expect(number.day == LocalDay(year: 2026, month: 11, day: 24))
        #expect(number.sequence == 31)
    }

    @Test(
        "Text that is not an incident number is refused",
        arguments: [
            "", "3515", "3515-261123", "3515-261123-007", "3515-261123-0000", "35.15-261123-0007", "351-261123-0007",
            "35151-261123-0007", "3515-2611230-0007", "3515-26112-0007", "3515-261323-0007", "3515-261100-0007",
            "3515-261132-0007", "3515-26112a-0007", "3515-261123-00a7", "ab15-261123-0007", "3515 261123 0007",
            "3515-261123-0007-0001",
        ])
    func malformedTextIsRefused(text: String) {
        // when
        let number = IncidentNumber(parsing: text)

        // then
        #expect(number == nil)
    }

    @Test(
        "A number for a day that does not exist is refused",
        arguments: [
            "3515-261131-0007",  // 31 November
            "3515-260230-0007",  // 30 February
            "3515-270229-0007",  // 29 February in a common year
        ])
    func impossibleDayIsRefused(text: String) {
        // when
        let number = IncidentNumber(parsing: text)

        // then
        #expect(number == nil)
    }

    @Test(
        "A number with empty parts or signs is refused, so each incident has one printed form",
        arguments: [
            "3515--261123-0007", "3515-261123-0007-", "-3515-261123-0007", "3515-+61123-0007", "3515-261123-+007",
        ])
    func emptyPartsAndSignsAreRefused(text: String) {
        // when
        let number = IncidentNumber(parsing: text)

        // then
        #expect(number == nil)
    }

    @Test("Decoding a malformed number fails instead of inventing one")
    func decodingRejectsMalformed() {
        // given
        let json = Data(#""3515-261323-0007""#.utf8)

        // when, then
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IncidentNumber.self, from: json) }
    }
}
