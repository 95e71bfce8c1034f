/// A region's units as CSV: `agency,code,callsign,kind,post`; ids are `<agency id>-<code>`; `post` (the code of
/// the agency's posko the unit waits at) may be empty, and the column may be left out.
public enum UnitCSV {
    public static let header = ["agency", "code", "callsign", "kind", "post"]

    public static func export(_ units: [ResponseUnit], agencies: [Agency]) -> String {
        let codes = Dictionary(agencies.map { ($0.id, $0.code) }) { first, _ in first }
        func local(_ id: String, of agency: AgencyID) -> String { String(id.dropFirst(agency.rawValue.count + 1)) }
        let lines = units.map { unit in
            CSV.line([
                codes[unit.agencyID] ?? unit.agencyID.rawValue, local(unit.id.rawValue, of: unit.agencyID),
                unit.callsign,
                unit.kind, unit.homePost.map { local($0.rawValue, of: unit.agencyID) } ?? "",
            ])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String, agencies: [Agency], posts: [Posko] = []) throws(CSVRejection)
        -> [ResponseUnit]
    {
        let byCode = Dictionary(agencies.map { ($0.code, $0.id) }) { first, _ in first }
        let (records, columnErrors) = try CSV.records(text, header: header, optionalLastColumn: true)
        var units: [ResponseUnit] = []
        var errors = columnErrors
        var firstRow: [String: Int] = [:]
        var firstID: [String: Int] = [:]
        for (number, fields) in records {
            let (agency, shared) = AgencyScopedRow.check(
                fields, row: number, name: 2, agencies: byCode, seen: &firstRow)
            var rowErrors = shared
            let post = agency.map { PoskoID("\($0.rawValue)-\(fields[4])") }
            if !fields[4].isEmpty, let post, !posts.contains(where: { $0.id == post }) {
                rowErrors.append(
                    CSVRowError(row: number, reason: .unknownValue(column: "post", value: fields[4], allowed: [])))
            }
            // Ids join agency and code: `damkar` + `pos-1` and `damkar-pos` + `1` would be the same unit.
            let repeated = rowErrors.contains { if case .duplicateRow = $0.reason { true } else { false } }
            if !repeated, let agency, let earlier = firstID["\(agency.rawValue)-\(fields[1])"] {
                rowErrors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
            }
            if let agency {
                firstID["\(agency.rawValue)-\(fields[1])"] = firstID["\(agency.rawValue)-\(fields[1])"] ?? number
            }
            guard rowErrors.isEmpty, let agency else {
                errors += rowErrors
                continue
            }
            units.append(
                ResponseUnit(
                    id: UnitID("\(agency.rawValue)-\(fields[1])"), agencyID: agency, callsign: fields[2],
                    kind: fields[3].isEmpty ? "tim" : fields[3], homePost: fields[4].isEmpty ? nil : post))
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return units
    }
}
