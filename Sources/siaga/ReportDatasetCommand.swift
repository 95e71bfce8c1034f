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
            abstract: "The monthly dataset for the national monitoring, as CSV and/or JSON (docs/monthly-dataset.md).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(name: .long, help: "A regency or city, e.g. 35.15; repeat for several (default: every served region).")
        var region: [String] = []

        @Option(name: .long, help: "The month, e.g. 2026-10.")
        var month: String

        @Option(name: .long, help: "Write the month's rows (one per region) as CSV to this file.")
        var csv: String?

        @Option(name: .long, help: "Write the breakdown by category, kecamatan, agency and trunk as CSV to this file.")
        var breakdownCsv: String?

        @Option(name: .long, help: "Write both tables as one JSON document to this file.")
        var json: String?

        func validate() throws {
            for code in region where RegionCode(code)?.level != .kabupaten {
                throw ValidationError("--region must be a regency or city code such as 35.15, not \(code).")
            }
            let parts = month.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, parts[1].count == 2,
                let number = Int(parts[1]), (1...12).contains(number)
            else { throw ValidationError("--month must be a month such as 2026-10.") }
            guard csv != nil || breakdownCsv != nil || json != nil else {
                throw ValidationError("Give --csv, --breakdown-csv, --json or several.")
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
                throw ValidationError("Region \(code) is not served by this database (siaga region add).")
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
