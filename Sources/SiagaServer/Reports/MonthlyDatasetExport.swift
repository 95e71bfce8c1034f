public import Foundation
public import SiagaCore
public import SiagaStore

/// The monthly dataset (``MonthlyDataset``) of one or more regions, read from the store and written as CSV or
/// JSON with the same column names. The API's `GET /reports/dataset` and `siaga report dataset` both come here.
public enum MonthlyDatasetExport {
    /// The CSV tables: the month's row per region, or the breakdown's rows.
    public enum Table: String, Sendable, CaseIterable {
        case months, breakdown
    }

    /// The dataset of each of `regions` for `month` (`2026-10`), in the order given; throws a validation error
    /// for a month that is not `YYYY-MM` and ``StoreError/regionNotFound(_:)`` for a region not served here.
    public static func build(regions: [RegionCode], month: String, store: SQLStore, now: Date) async throws
        -> [MonthlyDataset]
    {
        try await build(
            regions: regions, month: month,
            reports: ReportService(dependencies: Dependencies(store: store, now: { now })))
    }

    static func build(regions: [RegionCode], month: String, reports: ReportService) async throws -> [MonthlyDataset] {
        var datasets: [MonthlyDataset] = []
        for code in regions {
            let scope = try await reports.scope(code)
            guard let period = ReportPeriod.month(month, zone: scope.region.timeZone) else {
                throw ValidationError([FieldError("month", .invalidFormat)])
            }
            let store = reports.dependencies.store
            let trunks = try await store.read {
                try await $0.switchOffers(in: code, since: period.start, before: period.end).map(\.trunk)
            }
            let counted = MonthlyDataset.Month(
                regionCode: code, regionName: scope.region.name, month: month,
                timeZone: scope.region.timeZone.rawValue,
                calls: try await store.callFacts(in: code, from: period.start, to: period.end),
                steps: try await reports.intervals(scope, period),
                incidents: try await reports.incidents(scope, period),
                trunks: trunks, answerTarget: scope.policy.policy.target(.callAnswering, .p1) ?? 15)
            datasets.append(
                MonthlyDataset(counted) { dimension, key in
                    switch dimension {
                    case .category: scope.categoryName(key.isEmpty ? nil : key)
                    case .kecamatan: scope.kecamatanName(key.isEmpty ? nil : key)
                    case .agency: scope.agencyName(AgencyID(key))
                    case .trunk: key
                    }
                })
        }
        return datasets
    }

    /// One table of `datasets` as CSV: a header of the columns' names, then a row per region (or per breakdown
    /// key), numbers unquoted so a spreadsheet reads them as numbers.
    public static func csv(_ datasets: [MonthlyDataset], table: Table) -> String {
        let header = table == .months ? MonthlyDataset.rowColumns : MonthlyDataset.breakdownColumns
        let rows = table == .months ? datasets.map(\.row) : datasets.flatMap(\.breakdown)
        let lines = rows.map { row in
            row.map { column in
                guard case .text(let text) = column.value else { return column.value.text ?? "" }
                return SpreadsheetCSV.quote(text)
            }.joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\r\n") + "\r\n"
    }

    /// `datasets` as one JSON document: the definitions' version, the month, and both tables as arrays of
    /// objects keyed by the same column names as the CSV, in the same order (numbers as numbers, an empty figure
    /// as `null`).
    public static func json(_ datasets: [MonthlyDataset], month: String, generatedAt: Date) throws -> [UInt8] {
        func string(_ text: String) throws -> String { String(decoding: try JSONEncoder().encode(text), as: UTF8.self) }
        func object(_ row: [MonthlyDataset.Column]) throws -> String {
            let members = try row.map { column in
                let value: String
                switch column.value {
                case .text(let text): value = try string(text)
                case .count, .seconds, .share, .absent: value = column.value.text ?? "null"
                }
                return "      \(try string(column.name)): \(value)"
            }
            return "    {\n" + members.joined(separator: ",\n") + "\n    }"
        }
        func array(_ rows: [[MonthlyDataset.Column]]) throws -> String {
            rows.isEmpty ? "[]" : "[\n" + (try rows.map(object).joined(separator: ",\n")) + "\n  ]"
        }
        let document = """
            {
              "definitionsVersion": \(MonthlyDataset.definitionsVersion),
              "month": \(try string(month)),
              "generatedAt": \(try string(generatedAt.formatted(.iso8601))),
              "months": \(try array(datasets.map(\.row))),
              "breakdown": \(try array(datasets.flatMap(\.breakdown)))
            }

            """
        return Array(document.utf8)
    }
}
