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

    /// Parses and checks every row; returns the matrix, or throws every row error at once (a rejected file
    /// changes nothing).
    public static func parse(
        _ text: String,
        region: RegionCode,
        categories: CategoryCatalog,
        agencies: [Agency]
    ) throws(CSVRejection) -> ResponsibilityMatrix {
        let (records, columnErrors) = try CSV.records(text, header: header)
        let byCode = Dictionary(agencies.filter { $0.regionCode == region }.map { ($0.code, $0.id) }) { first, _ in
            first
        }
        var rows: [ResponsibilityMatrix.Row] = []
        var errors = columnErrors
        var firstRowOfKey: [String: Int] = [:]
        for (number, fields) in records {
            switch row(fields, number: number, region: region, categories: categories, agencies: byCode) {
            case .success(let row):
                if let earlier = firstRowOfKey[row.key] {
                    errors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
                } else {
                    firstRowOfKey[row.key] = number
                    rows.append(row)
                }
            case .failure(let rejection):
                errors += rejection.errors
            }
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return ResponsibilityMatrix(rows: rows)
    }

    private static func row(
        _ fields: [String], number: Int, region: RegionCode, categories: CategoryCatalog, agencies: [String: AgencyID]
    ) -> Result<ResponsibilityMatrix.Row, CSVRejection> {
        var errors: [CSVRowError] = []
        let subcategory = fields[1].isEmpty ? nil : fields[1]
        if let category = categories.category(fields[0]) {
            if let subcategory, category.subcategory(subcategory) == nil {
                errors.append(CSVRowError(row: number, reason: .unknownSubcategory(subcategory)))
            }
        } else {
            errors.append(CSVRowError(row: number, reason: .unknownCategory(fields[0])))
        }
        let kecamatan = fields[2].isEmpty ? nil : RegionCode(fields[2])
        if !fields[2].isEmpty, kecamatan?.level != .kecamatan || !(kecamatan.map(region.contains) ?? false) {
            errors.append(CSVRowError(row: number, reason: .invalidKecamatan(fields[2])))
        }
        if fields[3].isEmpty { errors.append(CSVRowError(row: number, reason: .emptyPrimary)) }
        let codes = ([fields[3]] + fields[4].split(separator: ";").map { String($0).trimmingWhitespace }).filter {
            !$0.isEmpty
        }
        for code in codes where agencies[code] == nil {
            errors.append(CSVRowError(row: number, reason: .unknownAgency(code)))
        }
        guard errors.isEmpty, let primary = agencies[fields[3]] else { return .failure(CSVRejection(errors)) }
        return .success(
            ResponsibilityMatrix.Row(
                category: fields[0], subcategory: subcategory, kecamatan: kecamatan, primary: primary,
                supporting: codes.dropFirst().compactMap { agencies[$0] },
                regulation: fields[5].isEmpty ? nil : fields[5]))
    }

    /// The matrix as CSV with agency codes, ready to edit and import again.
    public static func export(_ matrix: ResponsibilityMatrix, agencies: [Agency]) -> String {
        let codes = Dictionary(agencies.map { ($0.id, $0.code) }) { first, _ in first }
        let lines = matrix.rows.map { row in
            CSV.line([
                row.category, row.subcategory ?? "", row.kecamatan?.rawValue ?? "",
                codes[row.primary] ?? row.primary.rawValue,
                row.supporting.map { codes[$0] ?? $0.rawValue }.joined(separator: ";"), row.regulation ?? "",
            ])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }
}
