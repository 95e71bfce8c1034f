import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("The response policies in force during a period")
struct PolicyInForceTests {
    static let region = RegionCode("35.15")!
    static func version(_ number: Int, day: Int) -> ResponsePolicyVersion {
        ResponsePolicyVersion(
            regionCode: region, version: number, policy: .defaults, author: .system("uji"),
            at: Date(timeIntervalSince1970: Double(day) * 86400), reason: "v\(number)")
    }

    @Test("The one in force at the start, then each saved during the period; later ones are left out")
    func inForce() {
        // given versions saved on days 1, 10, 20 and 40
        let saved = [
            Self.version(4, day: 40), Self.version(2, day: 10), Self.version(1, day: 1), Self.version(3, day: 20),
        ]
        let day = { (n: Double) in Date(timeIntervalSince1970: n * 86400) }
        // when, then
        #expect(
            ResponsePolicyVersion.inForce(from: day(5), to: day(30), saved: saved, region: Self.region).map(\.version)
                == [1, 2, 3])
        #expect(
            ResponsePolicyVersion.inForce(from: day(0), to: day(5), saved: saved, region: Self.region).map(\.version)
                == [0, 1])
        #expect(
            ResponsePolicyVersion.inForce(from: day(50), to: day(60), saved: saved, region: Self.region).map(\.version)
                == [4])
    }
}
