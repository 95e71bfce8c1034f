public import Foundation

/// A post (posko) of an agency: a fire station, an ambulance base, a police post. Units wait there.
public struct Posko: Hashable, Codable, Sendable, Identifiable {
    public var id: PoskoID
    public var agencyID: AgencyID
    public var name: String
    public var coordinate: Coordinate
    /// When the post was closed for good; it keeps its history but is no longer listed or a unit's home.
    public var retiredAt: Date?

    public init(id: PoskoID, agencyID: AgencyID, name: String, coordinate: Coordinate) {
        self.id = id
        self.agencyID = agencyID
        self.name = name
        self.coordinate = coordinate
    }

    /// Field errors for a name that cannot be used.
    public func problems() -> [FieldError] {
        TextRules.problems(name, field: "name", max: 200)
    }
}

/// Identifies a posko: `<agency id>-<code>`.
public struct PoskoID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A region's posts as CSV: `agency,code,name,latitude,longitude`.
public enum PoskoCSV {
    public static let header = ["agency", "code", "name", "latitude", "longitude"]

    public static func export(_ posts: [Posko], agencies: [Agency]) -> String {
        let codes = Dictionary(agencies.map { ($0.id, $0.code) }) { first, _ in first }
        let lines = posts.map { posko in
            CSV.line([
                codes[posko.agencyID] ?? posko.agencyID.rawValue,
                String(posko.id.rawValue.dropFirst(posko.agencyID.rawValue.count + 1)), posko.name,
                String(posko.coordinate.latitude), String(posko.coordinate.longitude),
            ])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String, agencies: [Agency]) throws(CSVRejection) -> [Posko] {
        let byCode = Dictionary(agencies.map { ($0.code, $0.id) }) { first, _ in first }
        let (records, columnErrors) = try CSV.records(text, header: header)
        var posts: [Posko] = []
        var errors = columnErrors
        var firstRow: [String: Int] = [:]
        var firstID: [String: Int] = [:]
        for (number, fields) in records {
            let (agency, shared) = AgencyScopedRow.check(
                fields, row: number, name: 2, agencies: byCode, seen: &firstRow)
            var rowErrors = shared
            let coordinate = Double(fields[3]).flatMap { lat in
                Double(fields[4]).flatMap { Coordinate(latitude: lat, longitude: $0) }
            }
            if coordinate == nil {
                rowErrors.append(
                    CSVRowError(
                        row: number,
                        reason: .unknownValue(
                            column: "latitude,longitude", value: "\(fields[3]),\(fields[4])", allowed: [])))
            }
            let repeated = rowErrors.contains { if case .duplicateRow = $0.reason { true } else { false } }
            if !repeated, let agency, let earlier = firstID["\(agency.rawValue)-\(fields[1])"] {
                rowErrors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
            }
            if let agency {
                firstID["\(agency.rawValue)-\(fields[1])"] = firstID["\(agency.rawValue)-\(fields[1])"] ?? number
            }
            guard rowErrors.isEmpty, let agency, let coordinate else {
                errors += rowErrors
                continue
            }
            posts.append(
                Posko(
                    id: PoskoID("\(agency.rawValue)-\(fields[1])"), agencyID: agency, name: fields[2],
                    coordinate: coordinate))
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return posts
    }
}
