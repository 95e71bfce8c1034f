/// A region's agencies as CSV, as its IT team keeps them:
///
/// ```
/// code,name,kind,phone,channel,active
/// damkar,Dinas Pemadam Kebakaran Kabupaten Sidoarjo,damkar,113,console,true
/// ```
///
/// `channel` is how dispatches reach the agency (`console`, `phone`, `radio`, `whatsapp`; empty means console).
/// `active` (`true`/`false`; empty or left out means true) keeps a deactivated agency's history when a region moves.
public enum AgencyCSV {
    public static let header = ["code", "name", "kind", "phone", "channel", "active"]

    /// The agencies of `region`, with ids `<region without dots>-<code>`; throws every row error at once.
    public static func parse(_ text: String, region: RegionCode) throws(CSVRejection) -> [Agency] {
        let (records, columnErrors) = try CSV.records(text, header: header, optionalLastColumn: true)
        var agencies: [Agency] = []
        var errors = columnErrors
        var firstRow: [String: Int] = [:]
        for (number, fields) in records {
            var rowErrors: [CSVRowError] = []
            let code = fields[0]
            if !CSV.isCode(code) { rowErrors.append(CSVRowError(row: number, reason: .invalidCode(code))) }
            if let earlier = firstRow[code] {
                rowErrors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
            }
            if fields[1].isEmpty { rowErrors.append(CSVRowError(row: number, reason: .emptyName)) }
            let kind = AgencyKind(rawValue: fields[2])
            if kind == nil { rowErrors.append(unknown(number, "kind", fields[2], AgencyKind.allCases.map(\.rawValue))) }
            let channel = fields[4].isEmpty ? .console : ForwardingChannel(rawValue: fields[4])
            if channel == nil {
                rowErrors.append(unknown(number, "channel", fields[4], ForwardingChannel.allCases.map(\.rawValue)))
            }
            let active =
                ["", "true", "ya"].contains(fields[5].lowercased())
                ? true : (["false", "tidak"].contains(fields[5].lowercased()) ? false : nil)
            if active == nil { rowErrors.append(unknown(number, "active", fields[5], ["true", "false"])) }
            firstRow[code] = firstRow[code] ?? number
            guard rowErrors.isEmpty, let kind, let channel, let active else {
                errors += rowErrors
                continue
            }
            agencies.append(
                Agency(
                    id: AgencyID("\(region.compact)-\(code)"), regionCode: region, code: code, name: fields[1],
                    kind: kind,
                    phone: fields[3].isEmpty ? nil : fields[3], channel: channel, active: active))
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return agencies
    }

    public static func export(_ agencies: [Agency]) -> String {
        let lines = agencies.map {
            CSV.line([
                $0.code, $0.name, $0.kind.rawValue, $0.phone ?? "", $0.channel.rawValue, $0.active ? "true" : "false",
            ])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }

    static func unknown(_ row: Int, _ column: String, _ value: String, _ allowed: [String]) -> CSVRowError {
        CSVRowError(row: row, reason: .unknownValue(column: column, value: value, allowed: allowed))
    }
}

/// The checks rows of units and posts share: the `agency` column names an agency of the region, the `code` column
/// is a code not repeated for that agency, and the name column is not empty.
enum AgencyScopedRow {
    static func check(
        _ fields: [String], row: Int, name: Int, agencies: [String: AgencyID], seen: inout [String: Int]
    ) -> (agency: AgencyID?, errors: [CSVRowError]) {
        var errors: [CSVRowError] = []
        let agency = agencies[fields[0]]
        if agency == nil { errors.append(CSVRowError(row: row, reason: .unknownAgency(fields[0]))) }
        if !CSV.isCode(fields[1]) { errors.append(CSVRowError(row: row, reason: .invalidCode(fields[1]))) }
        let key = fields[0] + "/" + fields[1]
        if let earlier = seen[key] { errors.append(CSVRowError(row: row, reason: .duplicateRow(firstAt: earlier))) }
        seen[key] = seen[key] ?? row
        if fields[name].isEmpty { errors.append(CSVRowError(row: row, reason: .emptyName)) }
        return (agency, errors)
    }
}
