public import Foundation

/// One entry of a BMKG quake feed before it is trusted: its fields as text, under one set of names whatever the
/// feed called them.
struct QuakeEntry: Sendable {
    /// The order of the two numbers of `pair`: BMKG's JSON gives "lat,lon", its XML and KML-style points "lon,lat".
    enum PairOrder: Sendable { case latitudeFirst, longitudeFirst }

    var eventID: String?
    /// An ISO 8601 instant with its offset (`DateTime` of the data portal's JSON).
    var instant: String?
    /// A date (`12 Des 2025`, `07-12-26`, `2026-12-07` …) and a time with its zone (`14:35:21 WIB`).
    var date: String?
    var time: String?
    var pair: String?
    var pairOrder: PairOrder
    /// `7.52 LS`, `110.44 BT`.
    var latitude: String?
    var longitude: String?
    var magnitude: String?
    var depth: String?
    var area: String?
    var potential: String?
    var felt: String?
    var shakemap: String?
}

/// Reads and checks each field of a ``QuakeEntry``; every check that fails names the field and what was found.
enum QuakeFields {
    struct Refused: Error {
        var reason: QuakeRefusal.Reason
        var field: String
        var value: String?
    }

    static func quake(_ entry: QuakeEntry, source: String, now: Date) throws(Refused) -> Quake {
        let origin = try origin(entry)
        guard origin <= now.addingTimeInterval(600) else {
            throw Refused(reason: .originInFuture, field: "time", value: entry.instant ?? entry.time)
        }
        let epicenter = try epicenter(entry)
        guard let magnitudeText = entry.magnitude?.trimmed, !magnitudeText.isEmpty else {
            throw Refused(reason: .missingField, field: "magnitude", value: nil)
        }
        guard let magnitude = number(magnitudeText, dropping: ["M"]), magnitude > 0, magnitude < 10 else {
            throw Refused(reason: .magnitudeOutOfRange, field: "magnitude", value: magnitudeText)
        }
        guard let depthText = entry.depth?.trimmed, !depthText.isEmpty else {
            throw Refused(reason: .missingField, field: "depth", value: nil)
        }
        guard let depth = number(depthText.lowercased(), dropping: ["km"]), depth >= 0, depth <= 800 else {
            throw Refused(reason: .depthOutOfRange, field: "depth", value: depthText)
        }
        let felt = entry.felt?.trimmed.nilIfEmpty
        return Quake(
            eventID: try eventID(entry, origin: origin), origin: origin, epicenter: epicenter, magnitude: magnitude,
            depthKm: depth, area: entry.area?.trimmed ?? "", felt: felt.map(feltReports) ?? [], feltText: felt,
            potential: entry.potential?.trimmed.nilIfEmpty, source: source)
    }

    // MARK: Time

    static func origin(_ entry: QuakeEntry) throws(Refused) -> Date {
        var local: Date?
        if let date = entry.date, let time = entry.time { local = try localInstant(date: date, time: time) }
        if let text = entry.instant?.trimmed, !text.isEmpty {
            guard let instant = RFC3339.date(text) else {
                throw Refused(reason: .unreadableTime, field: "DateTime", value: text)
            }
            // Two statements of one time that disagree: neither is trusted.
            if let local, abs(local.timeIntervalSince(instant)) > 60 {
                throw Refused(
                    reason: .unreadableTime, field: "DateTime", value: "\(text) ≠ \(entry.date!) \(entry.time!)")
            }
            return instant
        }
        guard let local else {
            throw Refused(reason: .missingField, field: entry.date == nil ? "date" : "time", value: nil)
        }
        return local
    }

    /// Offsets of the zones BMKG writes after its times.
    static let zones: [String: Int] = ["WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0]
    /// Month names and abbreviations, Indonesian and English, as BMKG's dates carry them.
    static let months: [String: Int] = [
        "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3,
        "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7,
        "july": 7, "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9, "sept": 9,
        "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "november": 11, "des": 12,
        "desember": 12, "dec": 12, "december": 12,
    ]

    /// `12 Des 2025` or `07-12-26` or `2026-12-07` with `14:35:21 WIB`: a time without its zone is refused, since
    /// Indonesia has three.
    static func localInstant(date: String, time: String) throws(Refused) -> Date {
        let parts = time.trimmed.split(separator: " ").map(String.init)
        guard parts.count == 2, let hours = zones[parts[1].uppercased()] else {
            throw Refused(reason: .unreadableTime, field: "time", value: time)
        }
        let clock = parts[0].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<61).contains(clock[2]),
            let day = calendarDay(date.trimmed)
        else { throw Refused(reason: .unreadableTime, field: "date", value: "\(date) \(time)") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: hours * 3600)!
        let components = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1], second: clock[2])
        guard let instant = calendar.date(from: components),
            calendar.component(.day, from: instant) == day.day
        else { throw Refused(reason: .unreadableTime, field: "date", value: date) }
        return instant
    }

    private static func calendarDay(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let fields = text.split(whereSeparator: { " -/".contains($0) }).map(String.init)
        guard fields.count == 3 else { return nil }
        var year: Int?
        var month: Int?
        var day: Int?
        if fields[0].count == 4 {
            (year, month, day) = (Int(fields[0]), Int(fields[1]), Int(fields[2]))
        } else {
            day = Int(fields[0])
            month = Int(fields[1]) ?? months[fields[1].lowercased()]
            year = Int(fields[2]).map { fields[2].count == 2 ? 2000 + $0 : $0 }
        }
        guard let year, let month, let day, (2000...2100).contains(year), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        return (year, month, day)
    }

    // MARK: Place

    static func epicenter(_ entry: QuakeEntry) throws(Refused) -> Coordinate {
        let hemispheric = try hemisphericCoordinate(entry)
        guard let text = entry.pair?.trimmed, !text.isEmpty else {
            guard let hemispheric else { throw Refused(reason: .missingField, field: "coordinates", value: nil) }
            return hemispheric
        }
        let numbers = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 2, let first = numbers[0], let second = numbers[1] else {
            throw Refused(reason: .unreadableCoordinates, field: "coordinates", value: text)
        }
        let (latitude, longitude) = entry.pairOrder == .latitudeFirst ? (first, second) : (second, first)
        guard let pair = Coordinate(latitude: latitude, longitude: longitude) else {
            throw Refused(reason: .unreadableCoordinates, field: "coordinates", value: text)
        }
        if let hemispheric,
            abs(hemispheric.latitude - pair.latitude) > 0.02 || abs(hemispheric.longitude - pair.longitude) > 0.02
        {
            throw Refused(
                reason: .coordinatesDisagree, field: "coordinates",
                value: "\(text) ≠ \(entry.latitude ?? "") \(entry.longitude ?? "")")
        }
        return pair
    }

    /// `7.52 LS` and `110.44 BT` (LU/LS north/south, BT/BB east/west), when both are given.
    private static func hemisphericCoordinate(_ entry: QuakeEntry) throws(Refused) -> Coordinate? {
        guard let latitudeText = entry.latitude?.trimmed.nilIfEmpty,
            let longitudeText = entry.longitude?.trimmed.nilIfEmpty
        else { return nil }
        func signed(_ text: String, positive: String, negative: String) -> Double? {
            let parts = text.uppercased().split(separator: " ")
            guard parts.count == 2, let value = Double(parts[0]), value >= 0 else { return nil }
            switch parts[1] {
            case Substring(positive): return value
            case Substring(negative): return -value
            default: return nil
            }
        }
        guard let latitude = signed(latitudeText, positive: "LU", negative: "LS"),
            let longitude = signed(longitudeText, positive: "BT", negative: "BB"),
            let coordinate = Coordinate(latitude: latitude, longitude: longitude)
        else {
            throw Refused(reason: .unreadableCoordinates, field: "latitude", value: "\(latitudeText) \(longitudeText)")
        }
        return coordinate
    }

    // MARK: Identity and the felt list

    static func eventID(_ entry: QuakeEntry, origin: Date) throws(Refused) -> String {
        if let given = entry.eventID?.trimmed, !given.isEmpty {
            guard given.count <= 64,
                given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else { throw Refused(reason: .unreadableEventID, field: "eventid", value: given) }
            return given
        }
        // The data portal's JSON has no id; its shakemap is named after it (`20261207143521.mmi.jpg`).
        if let shakemap = entry.shakemap, shakemap.count >= 14, shakemap.prefix(14).allSatisfy(\.isNumber) {
            return String(shakemap.prefix(14))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: origin)
        return String(
            format: "%04d%02d%02d%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
    }

    static let numerals: [String: Int] = [
        "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
        "XII": 12,
    ]

    /// "III - IV Blitar, III Malang, II-III Kediri" as places with their highest intensity. A part that does not
    /// start with an intensity is left out (the whole text stays in ``Quake/feltText``).
    static func feltReports(_ text: String) -> [FeltReport] {
        text.split(separator: ",").compactMap { part in
            let words = part.replacingOccurrences(of: "-", with: " - ").split(separator: " ").map(String.init)
            var scale: [String] = []
            var highest = 0
            var index = 0
            while index < words.count, let value = numerals[words[index]] ?? (words[index] == "-" ? 0 : nil) {
                scale.append(words[index])
                highest = max(highest, value)
                index += 1
            }
            let place = words[index...].joined(separator: " ")
            guard highest > 0, !place.isEmpty else { return nil }
            return FeltReport(mmi: highest, scale: scale.joined(separator: " "), place: place)
        }
    }

    private static func number(_ text: String, dropping words: [String]) -> Double? {
        var cleaned = text
        for word in words { cleaned = cleaned.replacingOccurrences(of: word, with: "") }
        return Double(cleaned.trimmingCharacters(in: .whitespaces))
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
