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
