import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Importing and exporting the responsibility matrix as CSV")
struct MatrixImportTests {
    typealias Row = ResponsibilityMatrix.Row
    typealias RowError = CSVRowError

    static let header = "category,subcategory,kecamatan,primary,supporting,regulation"
    static let agencies = RoutingFixture.sidoarjoAgencies + RoutingFixture.blitarAgencies

    /// Sidoarjo's file: the header, then `lines`.
    static func file(_ lines: String...) -> String {
        ([header] + lines).joined(separator: "\n") + "\n"
    }

    static func parse(
        _ text: String, region: RegionCode = RoutingFixture.sidoarjo, agencies: [Agency] = agencies
    ) throws(CSVRejection) -> ResponsibilityMatrix {
        try MatrixCSV.parse(text, region: region, categories: .defaults, agencies: agencies)
    }

    /// The row errors of a file that must be rejected; records an issue when it is accepted.
    static func rejection(
        _ text: String, region: RegionCode = RoutingFixture.sidoarjo, agencies: [Agency] = agencies,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [RowError] {
        do {
            let matrix = try parse(text, region: region, agencies: agencies)
            Issue.record("expected the file to be rejected, got \(matrix)", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.errors
        }
    }

    @Test("A good file gives one row per line, agencies by their code within the region")
    func goodFile() throws {
        // given
        let text = Self.file(
            #"kebakaran,,,damkar,psc119;polisi,"Perbup 71/2018 pasal 5""#,
            "kebakaran,lahan,,bpbd,damkar,",
            "kebakaran,,35.15.04,bpbd,,Perbup 71/2018 pasal 6",
            "kebakaran,lahan,35.15.04,bpbd,damkar;polisi;psc119,",
            "medis,gawat-darurat,,psc119,,")

        // when
        let matrix = try Self.parse(text)

        // then
        #expect(
            matrix.rows == [
                Row(
                    category: "kebakaran", primary: .damkar, supporting: [.psc119, RoutingFixture.polisi],
                    regulation: "Perbup 71/2018 pasal 5"),
                Row(category: "kebakaran", subcategory: "lahan", primary: .bpbd, supporting: [.damkar]),
                Row(
                    category: "kebakaran", kecamatan: RoutingFixture.porong, primary: .bpbd,
                    regulation: "Perbup 71/2018 pasal 6"),
                Row(
                    category: "kebakaran", subcategory: "lahan", kecamatan: RoutingFixture.porong, primary: .bpbd,
                    supporting: [.damkar, RoutingFixture.polisi, .psc119]),
                Row(category: "medis", subcategory: "gawat-darurat", primary: .psc119),
            ])
        #expect(matrix.fallback == [])
    }

    @Test("Spaces around fields and around supporting codes are ignored, as are empty supporting codes")
    func spacesIgnored() throws {
        // given
        let text = Self.file(" kebakaran , rumah , 35.15.18 , damkar , psc119 ; polisi ; , Perbup 71/2018 ")

        // when
        let matrix = try Self.parse(text)

        // then
        #expect(
            matrix.rows == [
                Row(
                    category: "kebakaran", subcategory: "rumah", kecamatan: RoutingFixture.waru, primary: .damkar,
                    supporting: [.psc119, RoutingFixture.polisi], regulation: "Perbup 71/2018")
            ])
    }

    @Test("The header may differ in case and spacing, and Windows line endings are read")
    func headerCaseAndCRLF() throws {
        // given
        let text = "Category, Subcategory ,KECAMATAN,Primary,Supporting,Regulation\r\nkebakaran,,,damkar,,\r\n"

        // when
        let matrix = try Self.parse(text)

        // then
        #expect(matrix.rows == [Row(category: "kebakaran", primary: .damkar)])
    }

    @Test("A file of only the header is an empty matrix")
    func headerOnly() throws {
        // when
        let matrix = try Self.parse(Self.file())

        // then
        #expect(matrix == ResponsibilityMatrix(rows: []))
    }

    @Test(
        "A file without the expected header is rejected at row 1",
        arguments: [
            "",
            "kebakaran,,,damkar,psc119,\n",
            "category,subcategory,kecamatan,primary,supporting\nkebakaran,,,damkar,psc119\n",
            "category,subcategory,kecamatan,primary,regulation,supporting\nkebakaran,,,damkar,,\n",
            "kategori,subkategori,kecamatan,utama,pendukung,regulasi\nkebakaran,,,damkar,,\n",
            "category;subcategory;kecamatan;primary;supporting;regulation\nkebakaran;;;damkar;;\n",
        ])
    func missingHeader(text: String) {
        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 1, reason: .missingHeader(expected: MatrixCSV.header))])
    }

    @Test("A file with a quote that is never closed is unreadable")
    func unreadable() {
        // given
        let text = Self.file(#"kebakaran,,,damkar,,"Perbup 71/2018"#)

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 1, reason: .unreadable)])
    }

    @Test("A row with too few or too many columns is rejected with the counts")
    func wrongColumnCount() {
        // given
        let text = Self.file(
            "kebakaran,,,damkar,psc119",
            "kebakaran,,,damkar,psc119,Perbup 71/2018,pasal 5")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 2, reason: .wrongColumnCount(expected: 6, found: 5)),
                RowError(row: 3, reason: .wrongColumnCount(expected: 6, found: 7)),
            ])
    }

    @Test("A row of a category the region does not use is rejected")
    func unknownCategory() {
        // given
        let text = Self.file("kebakaran,,,damkar,,", "banjir-rob,,,bpbd,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 3, reason: .unknownCategory("banjir-rob"))])
    }

    @Test("A row of a subcategory its category does not have is rejected")
    func unknownSubcategory() {
        // given
        let text = Self.file("kebakaran,banjir,,damkar,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 2, reason: .unknownSubcategory("banjir"))])
    }

    @Test(
        "A kecamatan outside the region, at another level or not a code at all is rejected",
        arguments: ["35.05.01", "35.15", "35.15.18.2001", "35", "Waru", "35.15.99.1"])
    func invalidKecamatan(kecamatan: String) {
        // given
        let text = Self.file("kebakaran,,\(kecamatan),damkar,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 2, reason: .invalidKecamatan(kecamatan))])
    }

    @Test("A row without a primary agency is rejected")
    func emptyPrimary() {
        // given
        let text = Self.file("kebakaran,,,,psc119,", "medis,,, ,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 2, reason: .emptyPrimary), RowError(row: 3, reason: .emptyPrimary)])
    }

    @Test("An agency code the region does not have is rejected, as primary or as supporting")
    func unknownAgencyCode() {
        // given
        let text = Self.file("kebakaran,,,pemadam,,", "utilitas,listrik,,bpbd,polisi;pln-sidoarjo,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 2, reason: .unknownAgency("pemadam")),
                RowError(row: 3, reason: .unknownAgency("pln-sidoarjo")),
            ])
    }

    @Test("An agency code of another region is unknown here")
    func agencyCodeOfAnotherRegion() {
        // given
        let text = Self.file("utilitas,listrik,,pln,,", "utilitas,air,,bpbd,pln,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 2, reason: .unknownAgency("pln")),
                RowError(row: 3, reason: .unknownAgency("pln")),
            ])
    }

    @Test("A code both regions use names this region's agency, never the other region's")
    func sharedCodeIsThisRegions() throws {
        // given
        let text = Self.file("kebakaran,,,damkar,,")

        // when
        let sidoarjo = try Self.parse(text, agencies: RoutingFixture.blitarAgencies + RoutingFixture.sidoarjoAgencies)
        let blitar = try Self.parse(text, region: RoutingFixture.blitar)

        // then
        #expect(sidoarjo.rows.map(\.primary) == [.damkar])
        #expect(blitar.rows.map(\.primary) == [AgencyID("3505-damkar")])
    }

    @Test("Only another region's agencies known: none of them can be used")
    func otherRegionsAgenciesNotUsable() {
        // given
        let text = Self.file("kebakaran,,,damkar,pln,")

        // when
        let errors = Self.rejection(text, agencies: RoutingFixture.blitarAgencies)

        // then
        #expect(
            errors == [
                RowError(row: 2, reason: .unknownAgency("damkar")),
                RowError(row: 2, reason: .unknownAgency("pln")),
            ])
    }

    @Test("A second row for the same category, subcategory and kecamatan is rejected, pointing at the first")
    func duplicateRow() {
        // given
        let text = Self.file(
            "kebakaran,,,damkar,psc119,",
            "kebakaran,lahan,,bpbd,,",
            "kebakaran,,35.15.04,bpbd,,",
            "kebakaran,lahan,,damkar,,",
            " kebakaran ,,,bpbd,,",
            "kebakaran,,35.15.04,damkar,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 5, reason: .duplicateRow(firstAt: 3)),
                RowError(row: 6, reason: .duplicateRow(firstAt: 2)),
                RowError(row: 7, reason: .duplicateRow(firstAt: 4)),
            ])
    }

    @Test("Every bad row is reported at once, with its spreadsheet row number and every reason")
    func everyBadRowAtOnce() {
        // given
        let text = Self.file(
            #"kebakaran,,,damkar,psc119,"Perbup 71/2018, pasal 5""#,  // 2: good
            "banjir-rob,,35.05.01,,pln,",  // 3
            "kebakaran,hutan,,pemadam,psc119,",  // 4
            "medis,,35.15,psc119,,",  // 5
            "kebakaran,,,bpbd,,",  // 6: same key as row 2
            "medis,persalinan,,psc119,,")  // 7: good

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 3, reason: .unknownCategory("banjir-rob")),
                RowError(row: 3, reason: .invalidKecamatan("35.05.01")),
                RowError(row: 3, reason: .emptyPrimary),
                RowError(row: 3, reason: .unknownAgency("pln")),
                RowError(row: 4, reason: .unknownSubcategory("hutan")),
                RowError(row: 4, reason: .unknownAgency("pemadam")),
                RowError(row: 5, reason: .invalidKecamatan("35.15")),
                RowError(row: 6, reason: .duplicateRow(firstAt: 2)),
            ])
    }

    @Test("A row with the wrong number of columns does not hide the other rows' errors")
    func wrongColumnCountAmongOtherErrors() {
        // given
        let text = Self.file(
            "kebakaran,,,damkar,psc119,",  // 2: good
            "kebakaran,,,damkar",  // 3
            "banjir-rob,,,bpbd,,",  // 4
            "kebakaran,,,bpbd,,")  // 5: same key as row 2

        // when
        let errors = Self.rejection(text)

        // then
        #expect(
            errors == [
                RowError(row: 3, reason: .wrongColumnCount(expected: 6, found: 4)),
                RowError(row: 4, reason: .unknownCategory("banjir-rob")),
                RowError(row: 5, reason: .duplicateRow(firstAt: 2)),
            ])
    }
}
