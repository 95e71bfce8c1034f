/// A region's agencies as CSV, as its IT team keeps them:
///
/// ```
/// code,name,kind,phone,channel,active,ladder
/// damkar,Dinas Pemadam Kebakaran Kabupaten Sidoarjo,damkar,113,console,true,whatsapp:081234567890:Piket|sms+60:081234567890:Piket
/// ```
///
/// `channel` is how dispatches reach the agency (`console`, `phone`, `radio`, `whatsapp`; empty means console).
/// `active` (`true`/`false`; empty or left out means true) keeps a deactivated agency's history when a region moves.
/// `ladder` (empty or left out: none) is how Siaga112 reaches the agency by itself (``NoticeLadder/csvCell``).
public enum AgencyCSV {
    public static let header = ["code", "name", "kind", "phone", "channel", "active", "ladder"]

    /// A file's agencies and the notice ladders of those that have one.
    public struct Rows: Sendable {
        public var agencies: [Agency]
        public var ladders: [AgencyID: NoticeLadder]
    }

    /// The agencies of `region`, with ids `<region without dots>-<code>`; throws every row error at once.
    public static func parse(_ text: String, region: RegionCode) throws(CSVRejection) -> Rows {
        let (records, columnErrors) = try CSV.records(text, header: header, optionalTrailingColumns: 2)
        var agencies: [Agency] = []
        var ladders: [AgencyID: NoticeLadder] = [:]
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
            var ladder: NoticeLadder?
            do throws(NoticeLadderCellError) {
                ladder = fields[6].isEmpty ? nil : try NoticeLadder(csvCell: fields[6])
            } catch {
                rowErrors.append(CSVRowError(row: number, reason: .invalidLadder(error.rung)))
            }
            firstRow[code] = firstRow[code] ?? number
            guard rowErrors.isEmpty, let kind, let channel, let active else {
                errors += rowErrors
                continue
            }
            let id = AgencyID("\(region.compact)-\(code)")
            agencies.append(
                Agency(
                    id: id, regionCode: region, code: code, name: fields[1], kind: kind,
                    phone: fields[3].isEmpty ? nil : fields[3], channel: channel, active: active))
            if let ladder { ladders[id] = ladder }
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return Rows(agencies: agencies, ladders: ladders)
    }

    public static func export(_ agencies: [Agency], ladders: [AgencyID: NoticeLadder] = [:]) -> String {
        let lines = agencies.map {
            CSV.line([
                $0.code, $0.name, $0.kind.rawValue, $0.phone ?? "", $0.channel.rawValue, $0.active ? "true" : "false",
                ladders[$0.id]?.csvCell ?? "",
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
