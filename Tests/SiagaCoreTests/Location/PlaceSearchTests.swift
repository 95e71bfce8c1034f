import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Finding a place by what the caller says")
struct PlaceSearchTests {
    static let sidoarjo = RegionCode("35.15")!

    @Test(
        "Names as people say them find the expected place first",
        arguments: [
            ("Kec. Candi", "35.15.07"), ("candi sidoarjo", "35.15.07"), ("Sidoarjo kota", "35.15.08"),
            ("desa pepelegi", "35.15.18.2001"), ("pepelgi", "35.15.18.2001"), ("Tanggulagin", "35.15.06"),
            ("kecamatan tanggulangin", "35.15.06"),
        ])
    func expectedFirst(query: String, code: String) {
        let hits = ReferenceFiles.places.search(query, near: Self.sidoarjo)
        #expect(
            hits.first?.place.code.rawValue == code,
            "\(query) → \(hits.prefix(3).map { "\($0.place.code) \($0.place.name) \($0.score)" })")
    }

    @Test("Old spellings are read as today's: Djombang is Jombang")
    func oldSpelling() {
        let hits = ReferenceFiles.places.search("kab djombang")
        #expect(hits.first?.place.code.rawValue == "35.17")
    }

    @Test("A place says what it lies in")
    func within() throws {
        let hit = try #require(ReferenceFiles.places.search("pepelegi", near: Self.sidoarjo).first)
        #expect(hit.place.within.prefix(2) == ["Waru", "Kabupaten Sidoarjo"])
    }

    @Test("Nothing to search for finds nothing")
    func empty() {
        #expect(ReferenceFiles.places.search("  kec. ").isEmpty)
    }
}
