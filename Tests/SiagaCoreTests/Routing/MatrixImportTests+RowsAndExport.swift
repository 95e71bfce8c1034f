import SiagaCore
import SiagaTestSupport
import Testing

extension MatrixImportTests {
    @Test("A quoted field spanning two lines is one spreadsheet row")
    func multilineFieldIsOneRow() {
        // given
        let text = Self.file("kebakaran,,,damkar,,\"Perbup 71/2018\npasal 5\"", "banjir-rob,,,bpbd,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 3, reason: .unknownCategory("banjir-rob"))])
    }

    @Test("A blank line is a row in the spreadsheet, so rows after it keep their spreadsheet number")
    func blankLineKeepsRowNumbers() {
        // given
        let text = Self.file("kebakaran,,,damkar,,", "", "banjir-rob,,,bpbd,,")

        // when
        let errors = Self.rejection(text)

        // then
        #expect(errors == [RowError(row: 4, reason: .unknownCategory("banjir-rob"))])
    }

    @Test("An exported matrix imports as the same matrix")
    func exportThenImport() throws {
        // given
        let matrix = ResponsibilityMatrix(rows: [
            Row(
                category: "kebakaran", primary: .damkar, supporting: [.psc119, RoutingFixture.polisi],
                regulation: "Perbup 71/2018, pasal 5"),
            Row(category: "kebakaran", subcategory: "lahan", primary: .bpbd, supporting: [.damkar]),
            Row(
                category: "kebakaran", kecamatan: RoutingFixture.porong, primary: .bpbd,
                regulation: #"SE "Lumpur" 2006"#),
            Row(
                category: "kebakaran", subcategory: "lahan", kecamatan: RoutingFixture.porong, primary: .bpbd,
                supporting: [.damkar, RoutingFixture.polisi, .psc119]),
            Row(category: "lainnya", primary: RoutingFixture.polisi, regulation: "Perbup 71/2018\npasal 9"),
        ])

        // when
        let csv = MatrixCSV.export(matrix, agencies: Self.agencies)
        let imported = try Self.parse(csv)

        // then
        #expect(imported == matrix)
    }

    @Test("A regulation that reads as a formula is exported defused and imports unchanged")
    func formulaRegulationRoundTrips() throws {
        let matrix = ResponsibilityMatrix(rows: [
            Row(category: "kebakaran", primary: .damkar, regulation: #"=HYPERLINK("http://contoh.test","Perbup")"#),
            Row(category: "lainnya", primary: RoutingFixture.polisi, regulation: "@SUM(1+1)"),
        ])
        let csv = MatrixCSV.export(matrix, agencies: Self.agencies)
        #expect(csv.contains(#""'=HYPERLINK("#))
        #expect(csv.contains(",'@SUM(1+1)"))
        #expect(try Self.parse(csv) == matrix)
    }

    @Test("An export names agencies by their code under the expected header")
    func exportUsesCodes() {
        // given
        let matrix = ResponsibilityMatrix(rows: [
            Row(
                category: "kebakaran", subcategory: "lahan", kecamatan: RoutingFixture.porong, primary: .bpbd,
                supporting: [.damkar, RoutingFixture.polisi], regulation: "Perbup 71/2018, pasal 5")
        ])

        // when
        let csv = MatrixCSV.export(matrix, agencies: Self.agencies)

        // then
        #expect(csv == Self.file(#"kebakaran,lahan,35.15.04,bpbd,damkar;polisi,"Perbup 71/2018, pasal 5""#))
    }
}
