/// A region's agencies as CSV, as its IT team keeps them:
///
/// ```
/// code,name,kind,phone,channel
/// damkar,Dinas Pemadam Kebakaran Kabupaten Sidoarjo,damkar,113,console
/// ```
///
/// `channel` is how dispatches reach the agency (`console`, `phone`, `radio`, `whatsapp`; empty means console).
public enum AgencyCSV {
    public static let header = ["code", "name", "kind", "phone", "channel"]

    /// The agencies of `region`, with ids `<region without dots>-<code>`; throws every row error at once.
    public static func parse(_ text: String, region: RegionCode) throws(CSVRejection) -> [Agency] {
        let (records, columnErrors) = try CSV.records(text, header: header)
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
            firstRow[code] = firstRow[code] ?? number
            guard rowErrors.isEmpty, let kind, let channel else {
                errors += rowErrors
                continue
            }
            agencies.append(
                Agency(
                    id: AgencyID("\(region.compact)-\(code)"), regionCode: region, code: code, name: fields[1],
                    kind: kind,
                    phone: fields[3].isEmpty ? nil : fields[3], channel: channel))
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return agencies
    }

    public static func export(_ agencies: [Agency]) -> String {
        ([CSV.line(header)]
            + agencies.map { CSV.line([$0.code, $0.name, $0.kind.rawValue, $0.phone ?? "", $0.channel.rawValue]) })
            .joined(separator: "\n") + "\n"
    }

    static func unknown(_ row: Int, _ column: String, _ value: String, _ allowed: [String]) -> CSVRowError {
        CSVRowError(row: row, reason: .unknownValue(column: column, value: value, allowed: allowed))
    }
}

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
        let withPost = CSV.parse(text)?.first?.count == header.count
        let (rawRecords, columnErrors) = try CSV.records(text, header: withPost ? header : Array(header.dropLast()))
        let records = rawRecords.map { (row: $0.row, fields: withPost ? $0.fields : $0.fields + [""]) }
        var units: [ResponseUnit] = []
        var errors = columnErrors
        var firstRow: [String: Int] = [:]
        for (number, fields) in records {
            var rowErrors: [CSVRowError] = []
            let agency = byCode[fields[0]]
            if agency == nil { rowErrors.append(CSVRowError(row: number, reason: .unknownAgency(fields[0]))) }
            if !CSV.isCode(fields[1]) { rowErrors.append(CSVRowError(row: number, reason: .invalidCode(fields[1]))) }
            let key = fields[0] + "/" + fields[1]
            if let earlier = firstRow[key] {
                rowErrors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
            }
            firstRow[key] = firstRow[key] ?? number
            if fields[2].isEmpty { rowErrors.append(CSVRowError(row: number, reason: .emptyName)) }
            let post = agency.map { PoskoID("\($0.rawValue)-\(fields[4])") }
            if !fields[4].isEmpty, let post, !posts.contains(where: { $0.id == post }) {
                rowErrors.append(
                    CSVRowError(row: number, reason: .unknownValue(column: "post", value: fields[4], allowed: [])))
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
