import Foundation
import SiagaCore
import Testing

@Suite("Kemendagri region codes")
struct RegionCodeTests {
    @Test(
        "A valid code parses and knows its level",
        arguments: [
            ("35", RegionCode.Level.provinsi),
            ("35.15", .kabupaten),
            ("35.15.18", .kecamatan),
            ("35.15.18.2001", .desa),
        ])
    func validCode(text: String, level: RegionCode.Level) throws {
        // when
        let code = try #require(RegionCode(text))

        // then
        #expect(code.level == level)
        #expect(code.description == text)
    }

    @Test(
        "Text that is not a Kemendagri code is refused",
        arguments: [
            "", "3", "351", "3515", "35.1", "35.151", "35.15.1", "35.15.18.201", "35.15.18.20011", "35.15.18.2001.01",
            "35.15.", ".35.15", "35..15", "35-15", "ab.cd", "35.15 ", " 35.15", "٣٥.١٥",
        ])
    func invalidCode(text: String) {
        // when
        let code = RegionCode(text)

        // then
        #expect(code == nil)
    }

    @Test("Each code's parent is one level up, and a province has none")
    func parents() throws {
        // given
        let desa = try #require(RegionCode("35.15.18.2001"))

        // when
        let kecamatan = desa.parent
        let kabupaten = kecamatan?.parent
        let provinsi = kabupaten?.parent

        // then
        #expect(kecamatan == RegionCode("35.15.18"))
        #expect(kabupaten == RegionCode("35.15"))
        #expect(provinsi == RegionCode("35"))
        #expect(provinsi?.parent == nil)
    }

    @Test(
        "A region contains itself and everything under it, nothing else",
        arguments: [
            ("35.15", "35.15", true),
            ("35.15", "35.15.18", true),
            ("35.15", "35.15.18.2001", true),
            ("35", "35.15.18.2001", true),
            ("35.15.18", "35.15.18.2001", true),
            ("35.15", "35", false),
            ("35.15", "35.05.01", false),
            ("35.15.01", "35.15.18.2001", false),
            ("35.15.18.2001", "35.15.18", false),
        ])
    func containment(region: String, other: String, contains: Bool) throws {
        // given
        let outer = try #require(RegionCode(region))
        let inner = try #require(RegionCode(other))

        // when, then
        #expect(outer.contains(inner) == contains)
    }

    @Test(
        "The compact form drops the dots, as incident numbers print it",
        arguments: [
            ("35.15", "3515"), ("91.71", "9171"), ("35.15.18.2001", "3515182001"),
        ])
    func compactForm(text: String, compact: String) throws {
        // given
        let code = try #require(RegionCode(text))

        // when, then
        #expect(code.compact == compact)
        #expect(code.provinceCode == String(text.prefix(2)))
    }

    @Test("A code is stored as its dotted string and a malformed one is not decoded")
    func coding() throws {
        // given
        let code = try #require(RegionCode("35.15.18"))

        // when
        let json = try JSONEncoder().encode(code)

        // then
        #expect(String(decoding: json, as: UTF8.self) == #""35.15.18""#)
        #expect(try JSONDecoder().decode(RegionCode.self, from: json) == code)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RegionCode.self, from: Data(#""3515""#.utf8)) }
    }
}
