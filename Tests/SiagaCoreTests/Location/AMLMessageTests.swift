import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Advanced Mobile Location messages")
struct AMLMessageTests {
    /// A message with its `ml` length field filled in correctly.
    static func message(_ body: String) -> String {
        let withoutLength = "A\"ML=1;" + body + ";ml="
        var length = withoutLength.count + 2
        if String(length).count == 3 { length += 1 }
        return withoutLength + String(length)
    }

    static let good = message(
        "lt=-7.35439;lg=+112.76646;rd=12;top=20261123025930;lc=68;pm=G;si=510101234567890;ei=356938035643809;mcc=510;mnc=10"
    )

    @Test("A handset's GNSS fix is read with its accuracy, time and method")
    func goodMessage() throws {
        let aml = try AMLMessage.parse(Self.good, now: .t0)
        #expect(aml.coordinate == Coordinate(latitude: -7.35439, longitude: 112.76646))
        #expect(aml.radiusMeters == 12)
        #expect(aml.positionedAt == Date.utc("2026-11-23T02:59:30Z"))
        #expect(aml.confidencePercent == 68)
        #expect(aml.method == .gnss)
        #expect(aml.mcc == "510")
        #expect(aml.location?.source == .aml)
        #expect(aml.location?.accuracyMeters == 12)
    }

    @Test("A handset that found no position says so, and that is not an error")
    func noPosition() throws {
        let aml = try AMLMessage.parse(Self.message("pm=N;si=510101234567890;mcc=510;mnc=10"), now: .t0)
        #expect(aml.method == .none)
        #expect(aml.location == nil)
    }

    @Test(
        "A malformed, out-of-range, stale or future message is rejected with its reason",
        arguments: [
            ("halo 112", AMLRejection.notAML),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261123025930;lc=68"), .missingField("pm")),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261123025930;pm=X"), .malformedField("pm")),
            (message("lg=112.7;rd=12;top=20261123025930;pm=G"), .missingField("lt")),
            (message("lt=utara;lg=112.7;rd=12;top=20261123025930;pm=G"), .malformedField("lt")),
            (message("lt=-97.3;lg=112.7;rd=12;top=20261123025930;pm=G"), .outOfRange("lt")),
            (message("lt=-7.3;lg=212.7;rd=12;top=20261123025930;pm=G"), .outOfRange("lg")),
            (message("lt=-7.3;lg=112.7;rd=-5;top=20261123025930;pm=G"), .outOfRange("rd")),
            (message("lt=-7.3;lg=112.7;rd=12;top=2026112302;pm=G"), .malformedField("top")),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261131025930;pm=G"), .outOfRange("top")),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261123010000;pm=G"), .stale(ageSeconds: 7200)),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261123031000;pm=G"), .future(aheadSeconds: 600)),
            (message("lt=-7.3;lg=112.7;rd=12;top=20261123025930;pm=G;lc=150"), .outOfRange("lc")),
            (message("lt=-7.3;lg;rd=12;top=20261123025930;pm=G"), .malformedField("lg")),
            (
                "A\"ML=1;lt=-7.3;lg=112.7;rd=12;top=20261123025930;pm=G;ml=999",
                .lengthMismatch(declared: 999, actual: 60)
            ),
        ])
    func rejected(text: String, reason: AMLRejection) {
        #expect(throws: reason) { try AMLMessage.parse(text, now: .t0) }
    }
}
