import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Validation of locations and text")
struct ValidationTests {
    static let waru = RegionCode("35.15.18")
    static let pepelegi = RegionCode("35.15.18.2001")
    /// Desa Pucang is in Kecamatan Sidoarjo (35.15.08), not in Waru.
    static let pucang = RegionCode("35.15.08.1017")

    @Test("A location that says nothing at all is required to say something")
    func emptyLocation() {
        // given
        let location = Location(address: "", source: .caller)

        // when
        let problems = location.problems()

        // then
        #expect(problems == [FieldError("location", .required)])
    }

    @Test(
        "A coordinate, an address or a kecamatan alone is enough",
        arguments: [
            Location(coordinate: Coordinate(latitude: -7.4478, longitude: 112.7183), source: .aml),
            Location(address: "Alun-alun Sidoarjo", source: .caller),
            Location(kecamatanCode: RegionCode("35.15.18"), source: .operator),
            Location.pepelegi,
        ])
    func partialLocationIsEnough(location: Location) {
        // when, then
        #expect(location.problems().isEmpty)
    }

    @Test("A desa outside the location's kecamatan is refused")
    func desaNotInKecamatan() {
        // given
        let location = Location(kecamatanCode: Self.waru, desaCode: Self.pucang, source: .caller)

        // when
        let problems = location.problems()

        // then
        #expect(problems == [FieldError("location.desaCode", .invalidFormat)])
    }

    @Test("Codes must be of the level their field names")
    func codesAtTheWrongLevel() {
        // given
        let location = Location(kecamatanCode: RegionCode("35.15"), desaCode: Self.waru, source: .operator)

        // when
        let problems = location.problems()

        // then
        #expect(
            problems == [
                FieldError("location.kecamatanCode", .invalidFormat), FieldError("location.desaCode", .invalidFormat),
            ])
    }

    @Test("An accuracy that is negative or not a number is out of range", arguments: [-1, -0.5, .nan, .infinity])
    func badAccuracy(accuracy: Double) {
        // given
        let location = Location(address: "Jl. Raya Waru", source: .gps, accuracyMeters: accuracy)

        // when
        let problems = location.problems(field: "report.location")

        // then
        #expect(problems == [FieldError("report.location.accuracyMeters", .outOfRange)])
    }

    @Test("An accuracy of zero or more metres is fine", arguments: [0, 5, 2500])
    func goodAccuracy(accuracy: Double) {
        // given
        let location = Location(address: "Jl. Raya Waru", source: .gps, accuracyMeters: accuracy)

        // when, then
        #expect(location.problems().isEmpty)
    }

    @Test("An address longer than 500 characters is too long")
    func longAddress() {
        // given
        let location = Location(address: String(repeating: "a", count: 501), source: .caller)

        // when
        let problems = location.problems()

        // then
        #expect(problems == [FieldError("location.address", .tooLong(max: 500))])
    }

    @Test(
        "A coordinate must lie on the earth",
        arguments: [
            (91.0, 112.0), (-90.5, 112.0), (-7.4, 180.5), (-7.4, -181.0), (.nan, 112.0), (-7.4, .infinity),
        ])
    func coordinateOffTheEarth(latitude: Double, longitude: Double) {
        // when, then
        #expect(Coordinate(latitude: latitude, longitude: longitude) == nil)
    }

    @Test("The poles and the antimeridian are on the earth", arguments: [(90.0, 180.0), (-90.0, -180.0)])
    func coordinateAtTheEdge(latitude: Double, longitude: Double) {
        // when, then
        #expect(Coordinate(latitude: latitude, longitude: longitude) != nil)
    }

    @Test("Text that is only whitespace is empty", arguments: ["", " ", "\n\t  "])
    func blankText(text: String) {
        // when, then
        #expect(TextRules.problems(text, field: "description", max: 10) == [FieldError("description", .empty)])
    }

    @Test("Text is measured after trimming", arguments: [("  abc  ", true), ("abc", true), ("abcd", false)])
    func textLength(text: String, fits: Bool) {
        // when
        let problems = TextRules.problems(text, field: "note", max: 3)

        // then
        #expect(problems == (fits ? [] : [FieldError("note", .tooLong(max: 3))]))
    }

    @Test("Trimming removes spaces, tabs and newlines at both ends only")
    func trimming() {
        // when, then
        #expect("\n\t Kebakaran di  Waru \t\n".trimmingWhitespace == "Kebakaran di  Waru")
    }

    @Test("A validation error carries every field problem; no problems, no error")
    func validationCheck() {
        // given
        let problems = [FieldError("description", .empty), FieldError("location", .required)]

        // when, then
        #expect(throws: ValidationError(problems)) { try ValidationError.check(problems) }
        #expect(throws: Never.self) { try ValidationError.check([]) }
    }
}
