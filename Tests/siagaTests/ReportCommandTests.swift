import Foundation
import Testing

@Suite("Command line: the monthly report")
struct ReportCommandTests {
    /// This month in WIB, the month the demo's traffic falls in.
    static var thisMonth: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let parts = calendar.dateComponents([.year, .month], from: Date().addingTimeInterval(-3 * 3600))
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    @Test("siaga report monthly renders the demo region's month to HTML and, with Chromium, to an A4 PDF")
    func monthlyReport() throws {
        // given a demo database
        let database = SiagaProcess.temporaryDatabase()
        let html = database + ".html"
        let pdf = database + ".pdf"
        defer {
            SiagaProcess.remove(database)
            try? FileManager.default.removeItem(atPath: html)
            try? FileManager.default.removeItem(atPath: pdf)
        }
        #expect(try SiagaProcess.run(["demo", "--database", database]).status == 0)

        // when
        let rendered = try SiagaProcess.run(
            [
                "report", "monthly", "--database", database, "--region", "35.15", "--month", Self.thisMonth,
                "--html", html, "--pdf", pdf,
            ])

        // then
        #expect(rendered.status == 0, "\(rendered.output)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("Rekap Bulanan Layanan Darurat 112"))
        #expect(page.contains("Kabupaten Sidoarjo"))
        let document = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(document.starts(with: Array("%PDF".utf8)))
        #expect(document.count > 20_000)
    }

    @Test("siaga report dataset writes the demo month's dataset as CSV and JSON with the same columns")
    func dataset() throws {
        // given a demo database
        let database = SiagaProcess.temporaryDatabase()
        let (csv, breakdown, json) = (database + ".csv", database + "-rincian.csv", database + ".json")
        defer {
            SiagaProcess.remove(database)
            for file in [csv, breakdown, json] { try? FileManager.default.removeItem(atPath: file) }
        }
        #expect(try SiagaProcess.run(["demo", "--database", database]).status == 0)

        // when
        let written = try SiagaProcess.run(
            [
                "report", "dataset", "--database", database, "--month", Self.thisMonth, "--csv", csv,
                "--breakdown-csv", breakdown, "--json", json,
            ])

        // then a row per demo region, the JSON's keys the CSV's header, and the demo's calls counted
        #expect(written.status == 0, "\(written.output)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n").map(String.init)
        let header = lines.first?.split(separator: ",").map(String.init) ?? []
        #expect(
            header.prefix(6) == ["region_code", "region_name", "month", "time_zone", "definitions_version", "calls_in"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let rows = try #require(document["months"] as? [[String: Any]])
        #expect(rows.count == lines.count - 1)
        #expect(rows.allSatisfy { Set($0.keys) == Set(header) })
        #expect(rows.contains { $0["region_code"] as? String == "35.15" && ($0["calls_in"] as? Int ?? 0) > 0 })
        let rincian = try String(contentsOfFile: breakdown, encoding: .utf8)
        #expect(
            rincian.hasPrefix(
                "region_code,month,dimension,key,name,count,p1,acknowledged,median_s,within_target_share\r\n"))
        #expect(rincian.contains("\"category\""))

        // and a month that is not YYYY-MM is refused
        let refused = try SiagaProcess.run(
            ["report", "dataset", "--database", database, "--month", "Oktober", "--json", json])
        #expect(refused.status != 0)
    }

    @Test("A month that is not YYYY-MM or a region not served here is refused with a message")
    func badArguments() throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let month = try SiagaProcess.run(
            [
                "report", "monthly", "--database", database, "--region", "35.15", "--month", "Oktober", "--html",
                "/dev/null",
            ])
        let region = try SiagaProcess.run(
            [
                "report", "monthly", "--database", database, "--region", "35.99", "--month", "2026-10", "--html",
                "/dev/null",
            ])
        #expect(month.status != 0)
        #expect(region.status != 0)
    }
}
