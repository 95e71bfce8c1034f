import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

extension ReportCommand {
    /// `siaga report dataset --month 2026-10 --csv dataset.csv --breakdown-csv rincian.csv --json dataset.json`
    struct Dataset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Dataset bulanan untuk pemantauan nasional, sebagai CSV dan/atau JSON (docs/monthly-dataset.md).",
                "The monthly dataset for the national monitoring, as CSV and/or JSON (docs/monthly-dataset.md)."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(
            name: .long,
            help: .words(
                "Kabupaten/kota, misalnya 35.15; ulangi untuk beberapa (bawaan: semua wilayah yang dilayani).",
                "A regency or city, e.g. 35.15; repeat for several (default: every served region)."))
        var region: [String] = []

        @Option(name: .long, help: .words("Bulan, misalnya 2026-10.", "The month, e.g. 2026-10."))
        var month: String

        @Option(
            name: .long,
            help: .words(
                "Tulis baris bulan itu (satu per wilayah) sebagai CSV ke berkas ini.",
                "Write the month's rows (one per region) as CSV to this file."))
        var csv: String?

        @Option(
            name: .long,
            help: .words(
                "Tulis rincian per kategori, kecamatan, OPD, dan trunk sebagai CSV ke berkas ini.",
                "Write the breakdown by category, kecamatan, agency and trunk as CSV to this file."))
        var breakdownCsv: String?

        @Option(
            name: .long,
            help: .words(
                "Tulis kedua tabel sebagai satu dokumen JSON ke berkas ini.",
                "Write both tables as one JSON document to this file."))
        var json: String?

        func validate() throws {
            for code in region where RegionCode(code)?.level != .kabupaten {
                throw ValidationError(
                    words(
                        "--region harus berupa kode kabupaten/kota seperti 35.15, bukan \(code).",
                        "--region must be a regency or city code such as 35.15, not \(code)."))
            }
            try ReportCommand.validate(month: month)
            guard csv != nil || breakdownCsv != nil || json != nil else {
                throw ValidationError(
                    words(
                        "Isi --csv, --breakdown-csv, --json, atau beberapa sekaligus.",
                        "Give --csv, --breakdown-csv, --json or several."))
            }
        }

        func run() async throws {
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let now = Date()
            let datasets: [MonthlyDataset]
            do {
                let codes =
                    region.isEmpty
                    ? try await store.read { try await $0.regions() }.map(\.code) : region.compactMap(RegionCode.init)
                datasets = try await MonthlyDatasetExport.build(regions: codes, month: month, store: store, now: now)
            } catch StoreError.regionNotFound(let code) {
                try? await store.backend.shutdown()
                throw ValidationError(ReportCommand.notServed(code))
            } catch {
                try? await store.backend.shutdown()
                throw error
            }
            try await store.backend.shutdown()
            if let csv {
                try MonthlyDatasetExport.csv(datasets, table: .months).write(
                    toFile: csv, atomically: true, encoding: .utf8)
            }
            if let breakdownCsv {
                try MonthlyDatasetExport.csv(datasets, table: .breakdown).write(
                    toFile: breakdownCsv, atomically: true, encoding: .utf8)
            }
            if let json {
                try Data(MonthlyDatasetExport.json(datasets, month: month, generatedAt: now)).write(
                    to: URL(fileURLWithPath: json))
            }
        }
    }
}
