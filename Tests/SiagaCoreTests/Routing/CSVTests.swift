import SiagaCore
import Testing

@Suite("Reading and writing CSV")
struct CSVTests {
    @Test("Plain fields are split at commas, one record per line, empty fields kept")
    func plainRecords() {
        // given
        let text = "category,subcategory,kecamatan\nkebakaran,,35.15.18\n"

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["category", "subcategory", "kecamatan"], ["kebakaran", "", "35.15.18"]])
    }

    @Test("A quoted field may hold commas")
    func quotedComma() {
        // given
        let text = #"kebakaran,"Perbup 71/2018, pasal 5",damkar"#

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["kebakaran", "Perbup 71/2018, pasal 5", "damkar"]])
    }

    @Test("A doubled quote inside a quoted field is one quote")
    func doubledQuotes() {
        // given
        let text = #"lainnya,"Surat Edaran ""Siaga 112"" 2023","""""#

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["lainnya", #"Surat Edaran "Siaga 112" 2023"#, #"""#]])
    }

    @Test("A quoted field may hold line breaks without ending the record")
    func quotedLineBreak() {
        // given
        let text = "kebakaran,\"Perbup 71/2018\npasal 5\",damkar\nmedis,,psc119\n"

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["kebakaran", "Perbup 71/2018\npasal 5", "damkar"], ["medis", "", "psc119"]])
    }

    @Test("Windows line endings end records like Unix ones, and are kept inside quoted fields")
    func crlf() {
        // given
        let text = "category,primary\r\nkebakaran,\"damkar\r\npsc119\"\r\nmedis,psc119\r\n"

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["category", "primary"], ["kebakaran", "damkar\r\npsc119"], ["medis", "psc119"]])
    }

    @Test("Blank lines are skipped, wherever they are")
    func blankLines() {
        // given
        let text = "\ncategory,primary\n\n\r\nkebakaran,damkar\n\n"

        // when
        let records = CSV.parse(text)

        // then
        #expect(records == [["category", "primary"], ["kebakaran", "damkar"]])
    }

    @Test("The last record needs no line break, and empty text has no records")
    func lastLineAndEmptyText() {
        // when
        let lastLine = CSV.parse("a,b\nc,d")
        let empty = CSV.parse("")

        // then
        #expect(lastLine == [["a", "b"], ["c", "d"]])
        #expect(empty == [])
    }

    @Test(
        "A quote that is never closed makes the text unreadable",
        arguments: [
            #"kebakaran,"Perbup 71/2018"#,
            "kebakaran,\"Perbup\nmedis,psc119\n",
            #"a,"b""c"#,
        ])
    func unterminatedQuote(text: String) {
        // when
        let records = CSV.parse(text)

        // then
        #expect(records == nil)
    }

    @Test("A line quotes only the fields that need it")
    func lineQuotesOnlyWhenNeeded() {
        // given
        let fields = ["kebakaran", "", "Perbup 71/2018, pasal 5", #"kata "darurat""#, "baris\nbaru", "psc119;polisi"]

        // when
        let line = CSV.line(fields)

        // then
        #expect(line == #"kebakaran,,"Perbup 71/2018, pasal 5","kata ""darurat""","# + "\"baris\nbaru\",psc119;polisi")
    }

    @Test("A field with a Windows line break is quoted")
    func lineQuotesCRLF() {
        // given
        let fields = ["kebakaran", "Perbup 71/2018\r\npasal 5"]

        // when
        let line = CSV.line(fields)

        // then
        #expect(line == "kebakaran,\"Perbup 71/2018\r\npasal 5\"")
    }

    @Test(
        "A line reads back as the fields it was written from",
        arguments: [
            ["kebakaran", "lahan", "35.15.04", "bpbd", "damkar;polisi", "Perbup 71/2018 pasal 5"],
            ["a,b", #""quoted""#, "", " spaced ", "x\ny", "cr\rlf"],
            ["Windows\r\nline", #""""#, ",", "lainnya"],
            ["\"", "ends with quote\""],
        ])
    func lineRoundTrip(fields: [String]) {
        // given
        let line = CSV.line(fields)

        // when
        let records = CSV.parse(line)

        // then
        #expect(records == [fields])
    }

    @Test("A file saved by a spreadsheet with a byte-order mark reads its header normally")
    func byteOrderMark() {
        #expect(CSV.parse("\u{FEFF}code,name\ndamkar,Damkar\n") == [["code", "name"], ["damkar", "Damkar"]])
    }

    @Test("A field a spreadsheet would run as a formula is written with a quote mark in front, and read back as it was")
    func formulasAreNeutralised() {
        let hostile = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "@SUM(A1)", "-1+1", "\tcmd", "'=sudah", "''"]
        let line = CSV.line(hostile)
        for field in CSV.parse(line)?.first ?? [] {
            #expect(field.first.map { "=+-@\t".contains($0) } != true || hostile.contains(field))
        }
        #expect(hostile.allSatisfy { CSV.neutralised($0).hasPrefix("'") })
        #expect(CSV.parse(line) == [hostile])
        // numbers stay numbers
        #expect(CSV.line(["-7.4835", "112.7298", "+62"]) == "-7.4835,112.7298,+62")
    }

    @Test("Landmarks with formula names export defused and re-import unchanged")
    func landmarkExportIsDefused() throws {
        let landmark = Landmark(
            name: "=HYPERLINK(\"http://contoh.test\",\"Pasar\")", kind: Landmark.kinds.sorted()[0],
            coordinate: try #require(Coordinate(latitude: -7.4835, longitude: 112.7298)))
        let csv = LandmarkCSV.export([landmark])
        #expect(csv.contains("\"'=HYPERLINK("))
        #expect(csv.contains(",-7.4835,112.7298"))
        #expect(try LandmarkCSV.parse(csv) == [landmark])
    }
}
