import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Routing by the responsibility matrix")
struct ResponsibilityMatrixTests {
    typealias Row = ResponsibilityMatrix.Row

    static let houseFire = Classification(category: "kebakaran", subcategory: "rumah")
    static let landFire = Classification(category: "kebakaran", subcategory: "lahan")

    static let fireRow = Row(category: "kebakaran", primary: .damkar, supporting: [.psc119])
    static let landFireRow = Row(category: "kebakaran", subcategory: "lahan", primary: .bpbd, supporting: [.damkar])
    static let porongFireRow = Row(category: "kebakaran", kecamatan: RoutingFixture.porong, primary: .bpbd)
    static let porongLandFireRow = Row(
        category: "kebakaran", subcategory: "lahan", kecamatan: RoutingFixture.porong, primary: .bpbd,
        supporting: [.damkar, RoutingFixture.polisi])

    /// The rows in the order given, or reversed: which row wins must not depend on where it stands.
    static func matrix(_ rows: [Row], reversed: Bool, fallback: [AgencyID] = []) -> ResponsibilityMatrix {
        ResponsibilityMatrix(rows: reversed ? rows.reversed() : rows, fallback: fallback)
    }

    // MARK: - route

    @Test("An incident of a category goes to the primary and supporting agencies of the category's row")
    func categoryRow() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow], fallback: [RoutingFixture.polisi])

        // when
        let proposal = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)

        // then
        #expect(proposal.primary == .damkar)
        #expect(proposal.supporting == [.psc119])
        #expect(proposal.isFallback == false)
    }

    @Test("A category row also routes an incident classified without a subcategory")
    func categoryRowWithoutSubcategory() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow])

        // when
        let proposal = matrix.route(Classification(category: "kebakaran"), kecamatan: nil, version: 1)

        // then
        #expect(proposal == RoutingProposal(primary: .damkar, supporting: [.psc119], matrixVersion: 1))
    }

    @Test("A subcategory row beats the category row", arguments: [false, true])
    func subcategoryBeatsCategory(reversed: Bool) {
        // given
        let matrix = Self.matrix([Self.fireRow, Self.landFireRow], reversed: reversed)

        // when
        let landFire = matrix.route(Self.landFire, kecamatan: RoutingFixture.waru, version: 1)
        let houseFire = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)

        // then
        #expect(landFire.primary == .bpbd)
        #expect(landFire.supporting == [.damkar])
        #expect(houseFire.primary == .damkar, "another subcategory still falls to the category row")
    }

    @Test("A subcategory row does not route another subcategory nor an incident without a subcategory")
    func subcategoryRowOnlyForItsSubcategory() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.landFireRow], fallback: [RoutingFixture.polisi])

        // when
        let houseFire = matrix.route(Self.houseFire, kecamatan: nil, version: 1)
        let unspecifiedFire = matrix.route(Classification(category: "kebakaran"), kecamatan: nil, version: 1)

        // then
        #expect(houseFire.isFallback)
        #expect(unspecifiedFire.isFallback)
    }

    @Test("A kecamatan row beats the category row in its kecamatan", arguments: [false, true])
    func kecamatanBeatsCategory(reversed: Bool) {
        // given
        let matrix = Self.matrix([Self.fireRow, Self.porongFireRow], reversed: reversed)

        // when
        let proposal = matrix.route(Self.houseFire, kecamatan: RoutingFixture.porong, version: 1)

        // then
        #expect(proposal.primary == .bpbd)
        #expect(proposal.supporting == [])
        #expect(proposal.isFallback == false)
    }

    @Test(
        "A subcategory and kecamatan row beats both the subcategory row and the kecamatan row",
        arguments: [false, true])
    func subcategoryAndKecamatanBeatBoth(reversed: Bool) {
        // given
        let matrix = Self.matrix(
            [Self.fireRow, Self.landFireRow, Self.porongFireRow, Self.porongLandFireRow], reversed: reversed)

        // when
        let landFireInPorong = matrix.route(Self.landFire, kecamatan: RoutingFixture.porong, version: 1)
        let landFireInWaru = matrix.route(Self.landFire, kecamatan: RoutingFixture.waru, version: 1)
        let houseFireInPorong = matrix.route(Self.houseFire, kecamatan: RoutingFixture.porong, version: 1)
        let houseFireInWaru = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)

        // then
        #expect(landFireInPorong.primary == Self.porongLandFireRow.primary)
        #expect(landFireInPorong.supporting == Self.porongLandFireRow.supporting)
        #expect(landFireInWaru.supporting == Self.landFireRow.supporting, "subcategory row outside Porong")
        #expect(houseFireInPorong.supporting == Self.porongFireRow.supporting, "kecamatan row for another subcategory")
        #expect(houseFireInWaru.supporting == Self.fireRow.supporting, "category row elsewhere")
    }

    @Test("A subcategory row outranks a kecamatan row when both match", arguments: [false, true])
    func subcategoryOutranksKecamatan(reversed: Bool) {
        // given
        let matrix = Self.matrix([Self.porongFireRow, Self.landFireRow], reversed: reversed)

        // when
        let proposal = matrix.route(Self.landFire, kecamatan: RoutingFixture.porong, version: 1)

        // then
        #expect(proposal.supporting == Self.landFireRow.supporting)
    }

    @Test("A kecamatan row does not apply in another kecamatan nor to an incident without a kecamatan")
    func kecamatanRowOnlyInItsKecamatan() {
        // given
        let onlyPorong = ResponsibilityMatrix(rows: [Self.porongFireRow], fallback: [RoutingFixture.polisi])
        let porongAndCategory = ResponsibilityMatrix(rows: [Self.porongFireRow, Self.fireRow])

        // when
        let inWaru = onlyPorong.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)
        let nowhere = onlyPorong.route(Self.houseFire, kecamatan: nil, version: 1)
        let inWaruWithCategoryRow = porongAndCategory.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)
        let nowhereWithCategoryRow = porongAndCategory.route(Self.houseFire, kecamatan: nil, version: 1)

        // then
        #expect(inWaru.isFallback)
        #expect(nowhere.isFallback)
        #expect(inWaruWithCategoryRow.primary == .damkar)
        #expect(nowhereWithCategoryRow.primary == .damkar)
    }

    @Test("A row of another category never routes the incident")
    func otherCategoryDoesNotMatch() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Row(category: "medis", primary: .psc119)], fallback: [.bpbd])

        // when
        let proposal = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)

        // then
        #expect(proposal.isFallback)
    }

    @Test("Without a matching row the region's fallback is proposed, with no primary, for the supervisor to decide")
    func fallbackProposal() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow], fallback: [.bpbd, RoutingFixture.polisi])

        // when
        let proposal = matrix.route(
            Classification(category: "banjir-rob"), kecamatan: RoutingFixture.sedati, version: 4)

        // then
        #expect(proposal.isFallback)
        #expect(proposal.primary == nil)
        #expect(proposal.supporting == [.bpbd, RoutingFixture.polisi])
        #expect(proposal.agencies == [.bpbd, RoutingFixture.polisi])
        #expect(proposal.matrixVersion == 4)
    }

    @Test("An empty fallback proposes nobody")
    func emptyFallback() {
        // given
        let matrix = ResponsibilityMatrix(rows: [])

        // when
        let proposal = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: 1)

        // then
        #expect(proposal == RoutingProposal(primary: nil, supporting: [], matrixVersion: 1, isFallback: true))
        #expect(proposal.agencies == [])
    }

    @Test("The proposal carries the matrix version it was routed with", arguments: [Int?.none, 1, 12])
    func proposalCarriesVersion(version: Int?) {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow], fallback: [.bpbd])

        // when
        let matched = matrix.route(Self.houseFire, kecamatan: RoutingFixture.waru, version: version)
        let fallback = matrix.route(Classification(category: "medis"), kecamatan: RoutingFixture.waru, version: version)

        // then
        #expect(matched.matrixVersion == version)
        #expect(fallback.matrixVersion == version)
    }

    @Test("A proposal's agencies are the primary first, then the supporting ones, each once")
    func proposalAgencies() {
        // given
        let proposal = RoutingProposal(
            primary: .damkar, supporting: [.psc119, .damkar, RoutingFixture.polisi, .psc119], matrixVersion: 2)

        // when
        let agencies = proposal.agencies

        // then
        #expect(agencies == [.damkar, .psc119, RoutingFixture.polisi])
    }

    @Test("A proposal without a primary lists its supporting agencies, each once")
    func proposalAgenciesWithoutPrimary() {
        // given
        let proposal = RoutingProposal(
            primary: nil, supporting: [.bpbd, .bpbd, .damkar], matrixVersion: nil, isFallback: true)

        // when
        let agencies = proposal.agencies

        // then
        #expect(agencies == [.bpbd, .damkar])
    }

    // MARK: - problems

    static let catalog = CategoryCatalog.defaults
    static let agencies = RoutingFixture.sidoarjoAgencyIDs

    @Test("A matrix of known categories, kecamatan and agencies has no problems")
    func validMatrix() {
        // given
        let matrix = ResponsibilityMatrix(
            rows: [
                Self.fireRow, Self.landFireRow, Self.porongFireRow, Self.porongLandFireRow,
                Row(category: "kebakaran", kecamatan: RoutingFixture.waru, primary: .damkar),
                Row(category: "lainnya", primary: RoutingFixture.polisi, regulation: "Perbup 71/2018 pasal 9"),
            ],
            fallback: [.bpbd])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [])
    }

    @Test("A row of a category the region does not use is a problem, listing the categories it has")
    func unknownCategory() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow, Row(category: "banjir-rob", primary: .bpbd)])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(
            problems == [FieldError("rows[1].category", .unknownValue(allowed: Self.catalog.categories.map(\.code)))])
    }

    @Test("A row of a subcategory its category does not have is a problem, listing the category's subcategories")
    func unknownSubcategory() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Row(category: "kebakaran", subcategory: "banjir", primary: .damkar)])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(
            problems == [
                FieldError("rows[0].subcategory", .unknownValue(allowed: ["rumah", "gedung", "kendaraan", "lahan"]))
            ])
    }

    @Test(
        "A row limited to a region that is not a kecamatan is a problem",
        arguments: [RoutingFixture.sidoarjo, RoutingFixture.pepelegi, RoutingFixture.jawaTimur])
    func kecamatanAtWrongLevel(place: RegionCode) {
        // given
        let matrix = ResponsibilityMatrix(rows: [Row(category: "kebakaran", kecamatan: place, primary: .damkar)])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [FieldError("rows[0].kecamatan", .invalidFormat)])
    }

    @Test("A primary agency that is not the region's is a problem")
    func unknownPrimary() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Row(category: "kebakaran", primary: AgencyID("3505-damkar"))])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [FieldError("rows[0].primary", .unknownValue(allowed: []))])
    }

    @Test("A supporting agency that is not the region's is a problem")
    func unknownSupporting() {
        // given
        let matrix = ResponsibilityMatrix(
            rows: [
                Self.fireRow, Row(category: "utilitas", primary: .bpbd, supporting: [.damkar, AgencyID("3515-pln")]),
            ])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [FieldError("rows[1].supporting", .unknownValue(allowed: []))])
    }

    @Test("Two rows for the same category, subcategory and kecamatan contradict each other")
    func duplicateRows() {
        // given
        let matrix = ResponsibilityMatrix(rows: [
            Self.landFireRow,
            Self.porongLandFireRow,
            Row(category: "kebakaran", subcategory: "lahan", primary: .damkar),
            Row(category: "kebakaran", subcategory: "lahan", kecamatan: RoutingFixture.porong, primary: .damkar),
        ])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [FieldError("rows[2]", .notAllowedHere), FieldError("rows[3]", .notAllowedHere)])
    }

    @Test("Rows that differ only in kecamatan or subcategory are not duplicates")
    func sameCategoryDifferentKeys() {
        // given
        let matrix = ResponsibilityMatrix(rows: [
            Self.fireRow, Self.porongFireRow,
            Row(category: "kebakaran", kecamatan: RoutingFixture.waru, primary: .damkar),
            Self.landFireRow,
        ])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [])
    }

    @Test("A fallback agency that is not the region's is a problem")
    func unknownFallback() {
        // given
        let matrix = ResponsibilityMatrix(rows: [Self.fireRow], fallback: [.bpbd, AgencyID("3505-bpbd")])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(problems == [FieldError("fallback", .unknownValue(allowed: []))])
    }

    @Test("Every problem of every row is reported at once")
    func allProblemsAtOnce() {
        // given
        let matrix = ResponsibilityMatrix(
            rows: [
                Row(category: "banjir-rob", kecamatan: RoutingFixture.sidoarjo, primary: AgencyID("3515-pln")),
                Row(category: "kebakaran", subcategory: "hutan", primary: .damkar, supporting: [AgencyID("3515-pmi")]),
            ],
            fallback: [AgencyID("3515-dinsos")])

        // when
        let problems = matrix.problems(categories: Self.catalog, agencies: Self.agencies)

        // then
        #expect(
            problems.map(\.field) == [
                "rows[0].category", "rows[0].kecamatan", "rows[0].primary", "rows[1].subcategory", "rows[1].supporting",
                "fallback",
            ])
    }
}
