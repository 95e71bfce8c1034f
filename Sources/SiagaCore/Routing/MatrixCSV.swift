/// The responsibility matrix as CSV, as a region's IT team keeps it:
///
/// ```
/// category,subcategory,kecamatan,primary,supporting,regulation
/// kebakaran,,,damkar,psc119;polisi,"Perbup 71/2018 pasal 5"
/// ```
///
/// Agencies are named by their code within the region; `supporting` lists codes separated by `;`.
public enum MatrixCSV {
    public static let header = ["category", "subcategory", "kecamatan", "primary", "supporting", "regulation"]

    /// Why a CSV row was rejected. Rows are numbered as a spreadsheet shows them (the header is row 1).
    public struct RowError: Hashable, Sendable, Error {
        public enum Reason: Hashable, Sendable {
            case unreadable
            case missingHeader
            case wrongColumnCount(expected: Int, found: Int)
            case unknownCategory(String)
            case unknownSubcategory(String)
            case invalidKecamatan(String)
            case emptyPrimary
            case unknownAgency(String)
            case duplicateRow(firstAt: Int)
        }

        public var row: Int
        public var reason: Reason
    }

    /// A rejected file, with every row at fault.
    public struct Rejection: Error, Hashable, Sendable {
        public var errors: [RowError]
    }

    /// Parses and checks every row; returns the matrix, or throws every row error at once (a rejected file
    /// changes nothing).
    public static func parse(
        _ text: String,
        region: RegionCode,
        categories: CategoryCatalog,
        agencies: [Agency]
    ) throws(Rejection) -> ResponsibilityMatrix {
        guard let records = CSV.parse(text) else { throw Rejection(errors: [RowError(row: 1, reason: .unreadable)]) }
        guard let first = records.first, first.map({ $0.trimmingWhitespace.lowercased() }) == header else {
            throw Rejection(errors: [RowError(row: 1, reason: .missingHeader)])
        }
        let byCode = Dictionary(agencies.filter { $0.regionCode == region }.map { ($0.code, $0.id) }) { first, _ in first }
        var rows: [ResponsibilityMatrix.Row] = []
        var errors: [RowError] = []
        var firstRowOfKey: [String: Int] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            switch row(record, number: number, region: region, categories: categories, agencies: byCode) {
            case .success(let row):
                if let earlier = firstRowOfKey[row.key] {
                    errors.append(RowError(row: number, reason: .duplicateRow(firstAt: earlier)))
                } else {
                    firstRowOfKey[row.key] = number
                    rows.append(row)
                }
            case .failure(let rejection):
                errors += rejection.errors
            }
        }
        guard errors.isEmpty else { throw Rejection(errors: errors) }
        return ResponsibilityMatrix(rows: rows)
    }

    private static func row(
        _ record: [String], number: Int, region: RegionCode, categories: CategoryCatalog, agencies: [String: AgencyID]
    ) -> Result<ResponsibilityMatrix.Row, Rejection> {
        guard record.count == header.count else {
            return .failure(Rejection(errors: [RowError(row: number, reason: .wrongColumnCount(expected: header.count, found: record.count))]))
        }
        let fields = record.map(\.trimmingWhitespace)
        var errors: [RowError] = []
        let subcategory = fields[1].isEmpty ? nil : fields[1]
        if let category = categories.category(fields[0]) {
            if let subcategory, category.subcategory(subcategory) == nil {
                errors.append(RowError(row: number, reason: .unknownSubcategory(subcategory)))
            }
        } else {
            errors.append(RowError(row: number, reason: .unknownCategory(fields[0])))
        }
        let kecamatan = fields[2].isEmpty ? nil : RegionCode(fields[2])
        if !fields[2].isEmpty, kecamatan?.level != .kecamatan || !(kecamatan.map(region.contains) ?? false) {
            errors.append(RowError(row: number, reason: .invalidKecamatan(fields[2])))
        }
        if fields[3].isEmpty { errors.append(RowError(row: number, reason: .emptyPrimary)) }
        let codes = ([fields[3]] + fields[4].split(separator: ";").map { String($0).trimmingWhitespace }).filter { !$0.isEmpty }
        for code in codes where agencies[code] == nil { errors.append(RowError(row: number, reason: .unknownAgency(code))) }
        guard errors.isEmpty, let primary = agencies[fields[3]] else { return .failure(Rejection(errors: errors)) }
        return .success(
            ResponsibilityMatrix.Row(
                category: fields[0], subcategory: subcategory, kecamatan: kecamatan, primary: primary,
                supporting: codes.dropFirst().compactMap { agencies[$0] }, regulation: fields[5].isEmpty ? nil : fields[5]))
    }

    /// The matrix as CSV with agency codes, ready to edit and import again.
    public static func export(_ matrix: ResponsibilityMatrix, agencies: [Agency]) -> String {
        let codes = Dictionary(agencies.map { ($0.id, $0.code) }) { first, _ in first }
        let lines = matrix.rows.map { row in
            CSV.line([
                row.category, row.subcategory ?? "", row.kecamatan?.rawValue ?? "", codes[row.primary] ?? row.primary.rawValue,
                row.supporting.map { codes[$0] ?? $0.rawValue }.joined(separator: ";"), row.regulation ?? "",
            ])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }
}
