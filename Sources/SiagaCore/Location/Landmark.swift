/// A place a region's people name when they have no address: a market, a school, a mosque, a hospital, a toll
/// gate. Each region keeps its own list, imported from CSV.
public struct Landmark: Hashable, Codable, Sendable {
    public static let kinds = [
        "pasar", "sekolah", "masjid", "gereja", "pura", "vihara", "rumahSakit", "puskesmas", "kantor", "gerbangTol",
        "jembatan", "stasiun", "terminal", "pabrik", "lainnya",
    ]

    public var name: String
    public var kind: String
    public var coordinate: Coordinate

    public init(name: String, kind: String, coordinate: Coordinate) {
        self.name = name
        self.kind = kind
        self.coordinate = coordinate
    }
}

/// `name,kind,latitude,longitude`, one landmark per row.
public enum LandmarkCSV {
    public static let header = ["name", "kind", "latitude", "longitude"]

    public static func parse(_ text: String) throws(CSVRejection) -> [Landmark] {
        let (records, columnErrors) = try CSV.records(text, header: header)
        var errors = columnErrors
        var landmarks: [Landmark] = []
        var seen: [String: Int] = [:]
        for (number, fields) in records {
            var rowErrors: [CSVRowError] = []
            let name = fields[0].trimmingWhitespace
            if name.isEmpty { rowErrors.append(CSVRowError(row: number, reason: .emptyName)) }
            if !Landmark.kinds.contains(fields[1]) {
                rowErrors.append(
                    CSVRowError(
                        row: number, reason: .unknownValue(column: "kind", value: fields[1], allowed: Landmark.kinds)))
            }
            let coordinate = Double(fields[2]).flatMap { lat in
                Double(fields[3]).flatMap { Coordinate(latitude: lat, longitude: $0) }
            }
            if coordinate == nil {
                rowErrors.append(
                    CSVRowError(
                        row: number,
                        reason: .unknownValue(
                            column: "latitude,longitude", value: "\(fields[2]),\(fields[3])", allowed: [])))
            }
            let key = name.lowercased()
            if let earlier = seen[key] {
                rowErrors.append(CSVRowError(row: number, reason: .duplicateRow(firstAt: earlier)))
            } else {
                seen[key] = number
            }
            guard rowErrors.isEmpty, let coordinate else {
                errors += rowErrors
                continue
            }
            landmarks.append(Landmark(name: name, kind: fields[1], coordinate: coordinate))
        }
        guard errors.isEmpty else { throw CSVRejection(errors) }
        return landmarks
    }

    public static func export(_ landmarks: [Landmark]) -> String {
        let lines = landmarks.map {
            CSV.line([$0.name, $0.kind, String($0.coordinate.latitude), String($0.coordinate.longitude)])
        }
        return ([CSV.line(header)] + lines).joined(separator: "\n") + "\n"
    }
}

extension PlaceSearch {
    /// `landmarks` matching `query` with the same tolerance as place names (typos, prefixes, old spellings),
    /// best first; every word of the query must match a word of the name.
    public static func landmarks(_ landmarks: [Landmark], matching query: String, limit: Int = 10) -> [(
        Landmark, Double
    )] {
        let words = tokens(query)
        guard !words.isEmpty else { return [] }
        let scored = landmarks.compactMap { landmark -> (Landmark, Double)? in
            let names = tokens(landmark.name)
            var total = 0.0
            for word in words {
                let best =
                    names.map { token -> Double in
                        if token == word { return 1 }
                        if word.count >= 3, token.hasPrefix(word) { return 0.8 }
                        let allowed = word.count >= 7 ? 2 : (word.count >= 4 ? 1 : 0)
                        return allowed > 0 && editDistance(word, token, limit: allowed) <= allowed ? 0.7 : 0
                    }.max() ?? 0
                guard best > 0 else { return nil }
                total += best
            }
            return (landmark, total - Double(max(0, names.count - words.count)) * 0.2)
        }
        return Array(scored.sorted { ($0.1, $1.0.name) > ($1.1, $0.0.name) }.prefix(limit))
    }
}
