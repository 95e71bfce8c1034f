import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("AML over HTTPS")
struct AMLHTTPSTests {
    /// 2026-11-23T02:59:30Z in milliseconds: thirty seconds before `.t0`.
    static let fixedAt = "1795402770000"

    static func form(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    static let valid = [
        "v": "3", "emergency_number": "112", "source": "call", "device_number": "%2B6281234567890",
        "location_latitude": "-7.35439", "location_longitude": "112.76646", "location_time": fixedAt,
        "location_accuracy": "12.5", "location_source": "gps", "location_confidence": "68.0",
        "device_imei": "356938035643809", "cell_home_mcc": "510", "cell_home_mnc": "10",
    ]

    @Test("A handset's form gives the same message as its SMS would, and the sender's number")
    func parsesTheForm() throws {
        let (message, sender) = try AMLMessage.parseHTTPS(Self.form(Self.valid), now: .t0)
        #expect(sender == "+6281234567890")
        #expect(message.coordinate == Coordinate(latitude: -7.35439, longitude: 112.76646))
        #expect(message.radiusMeters == 12.5)
        #expect(message.method == .gnss)
        #expect(message.confidencePercent == 68)
        #expect(message.positionedAt == Date(timeIntervalSince1970: 1_795_402_770))
        #expect(message.mcc == "510")
    }

    @Test(
        "Malformed forms are rejected with their reason",
        arguments: [
            (["location_latitude": "-95"], AMLRejection.outOfRange("lt")),
            (["location_latitude": "abc"], .malformedField("lt")),
            (["location_source": "satelit"], .malformedField("location_source")),
            (["location_time": "kemarin"], .malformedField("location_time")),
            (["location_time": "1795390000000"], .stale(ageSeconds: 12800)),
            (["location_accuracy": "-1"], .outOfRange("rd")),
            (["v": "x"], .malformedField("v")),
        ])
    func rejections(change: [String: String], reason: AMLRejection) {
        let fields = Self.valid.merging(change) { $1 }
        #expect(throws: reason) { try AMLMessage.parseHTTPS(Self.form(fields), now: .t0) }
    }

    @Test("Without a number there is nothing to attach to; without a position it says so")
    func numberAndNoPosition() throws {
        var fields = Self.valid
        fields["device_number"] = nil
        #expect(throws: AMLRejection.missingField("device_number")) {
            try AMLMessage.parseHTTPS(Self.form(fields), now: .t0)
        }
        #expect(throws: AMLRejection.notAML) { try AMLMessage.parseHTTPS("halo=1", now: .t0) }
        let blind = Self.valid.filter { !$0.key.hasPrefix("location_") }
        #expect(try AMLMessage.parseHTTPS(Self.form(blind), now: .t0).0.method == AMLMessage.Method.none)
    }
}
