import Foundation
import SiagaCore
import Testing

@Suite("RFC 3339 instants, as other systems write them")
struct RFC3339Tests {
    let midnight = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00:00Z

    @Test(
        "The same instant however it is written: offset, lower case, a fraction of any length",
        arguments: [
            "2027-01-01T00:00:00Z", "2027-01-01t00:00:00z", "2027-01-01T07:00:00+07:00", "2026-12-31T17:00:00-07:00",
            "2027-01-01T23:30:00+23:30", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.0000000000001Z",
        ])
    func sameInstant(text: String) throws {
        // when
        let date = try #require(RFC3339.date(text))

        // then
        #expect(abs(date.timeIntervalSince(midnight)) < 0.000_001)
    }

    @Test("A fraction is kept to the nanosecond")
    func fraction() throws {
        // when
        let date = try #require(RFC3339.date("2027-01-01T00:00:00.123456789999Z"))

        // then
        #expect(abs(date.timeIntervalSince(midnight) - 0.123_456_789) < 0.000_001)
    }

    @Test(
        "Anything else is not an instant",
        arguments: [
            "2027-01-01", "2027-01-01T00:00:00", "2027-01-01 00:00:00Z", "2027-01-01T00:00:00.Z",
            "2027-01-01T00:00:00+0700", "2027-01-01T00:00:00+24:00", "2027-01-01T00:00:00+07:60",
            "2027-01-01T00:00:00Z ", " 2027-01-01T00:00:00Z", "2027-01-01T00:00:00Zgarbage",
        ])
    func notAnInstant(text: String) {
        #expect(RFC3339.date(text) == nil)
    }
}
