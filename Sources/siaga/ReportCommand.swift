import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga report`: the leaders' reports, from the command line.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: words("Laporan untuk pimpinan.", "Leaders' reports."),
        subcommands: [Monthly.self, Dataset.self])

    /// `siaga report monthly --region 35.15 --month 2026-10 --pdf out.pdf`
    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Rekap bulanan untuk bupati/wali kota, sebagai HTML dan/atau PDF (A4).",
                "The monthly report (rekap bulanan) for the regent, as HTML and/or PDF (A4)."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(name: .long, help: .words("Kabupaten/kota, misalnya 35.15.", "The regency or city, e.g. 35.15."))
        var region: String

        @Option(name: .long, help: .words("Bulan, misalnya 2026-10.", "The month, e.g. 2026-10."))
        var month: String

        @Option(
            name: .long,
            help: .words("Tulis laporan sebagai HTML ke berkas ini.", "Write the report as HTML to this file."))
        var html: String?

        @Option(
            name: .long,
            help: .words(
                "Tulis laporan sebagai PDF ke berkas ini, dicetak dengan Chromium tanpa layar (headless).",
                "Write the report as PDF to this file, rendered with headless Chromium."))
        var pdf: String?

        @Option(
            name: .long,
            help: .words(
                "Program Chromium (bawaan: $SIAGA_CHROMIUM, chromium, chromium-browser).",
                "The Chromium executable (default: $SIAGA_CHROMIUM, chromium, chromium-browser)."))
        var chromium: String?

        func validate() throws {
            guard RegionCode(region)?.level == .kabupaten else {
                throw ValidationError(
                    words(
                        "--region harus berupa kode kabupaten/kota seperti 35.15.",
                        "--region must be a regency or city code such as 35.15."))
            }
            try ReportCommand.validate(month: month)
            guard html != nil || pdf != nil else {
                throw ValidationError(words("Isi --html, --pdf, atau keduanya.", "Give --html, --pdf or both."))
            }
        }

        func run() async throws {
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let document: String
            do {
                document = try await MonthlyReportDocument.html(
                    region: RegionCode(region)!, month: month, store: store, now: Date())
            } catch StoreError.regionNotFound(let code) {
                try? await store.backend.shutdown()
                throw ValidationError(ReportCommand.notServed(code))
            } catch {
                try? await store.backend.shutdown()
                throw error
            }
            try await store.backend.shutdown()
            if let html { try document.write(toFile: html, atomically: true, encoding: .utf8) }
            if let pdf { try PDFPrinter(executable: chromium).print(html: document, to: pdf) }
        }
    }
}

extension ReportCommand {
    /// Refuses a month that is not `YYYY-MM`.
    static func validate(month: String) throws {
        let parts = month.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, parts[1].count == 2,
            let number = Int(parts[1]), (1...12).contains(number)
        else {
            throw ValidationError(
                words("--month harus berupa bulan seperti 2026-10.", "--month must be a month such as 2026-10."))
        }
    }

    /// Why a report of a region this database does not serve is refused.
    static func notServed(_ code: RegionCode) -> String {
        words(
            "Wilayah \(code) tidak dilayani basis data ini (siaga region add).",
            "Region \(code) is not served by this database (siaga region add).")
    }
}

/// Prints an HTML page to PDF with headless Chromium, Debian's `chromium` package by default.
struct PDFPrinter {
    let executable: String?

    func print(html: String, to output: String) throws {
        let browser = try locate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("siaga-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf-no-header", "--print-to-pdf=\(target.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? FileManager.default.removeItem(at: target)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: target.path) else {
            throw ValidationError(
                words(
                    "Chromium gagal mencetak laporan (kode keluar \(process.terminationStatus)).",
                    "Chromium could not print the report (exit \(process.terminationStatus))."))
        }
    }

    private func locate() throws -> String {
        let candidates =
            [executable, ProcessInfo.processInfo.environment["SIAGA_CHROMIUM"]].compactMap { $0 }
            + ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ValidationError(
                words(
                    "Chromium tidak ditemukan: pasang paket chromium Debian (scripts/install-test-tools) "
                        + "atau isi --chromium.",
                    "No Chromium found: install Debian's chromium package (scripts/install-test-tools) "
                        + "or give --chromium."))
        }
        return found
    }
}
