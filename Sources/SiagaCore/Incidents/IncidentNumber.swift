public import Foundation

/// A day on the calendar of a region's time zone.
public struct LocalDay: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `instant` falls on in `zone`.
    public init(_ instant: Date, in zone: IndonesianTimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Parses the ISO form `2026-11-23`; nil unless it names a day on the calendar.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard isOnCalendar else { return nil }
    }

    /// True for a day that exists: month 1–12 and a day within that month (leap years included).
    public var isOnCalendar: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// ISO form, `2026-11-23`; the year always in four digits, so every parsed day prints as it was written.
    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// Compact form used in incident numbers, `261123`.
    public var yymmdd: String { Self.pad(year % 100, 2) + Self.pad(month, 2) + Self.pad(day, 2) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// The number people say on the radio and write in reports: `3515-261123-0007` is the seventh incident of
/// 23 November 2026 (region's local day) in Kabupaten Sidoarjo (35.15).
///
/// The sequence restarts at 1 every local day, per region; the store hands out sequences so that numbers are
/// unique under concurrent creation.
public struct IncidentNumber: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var region: RegionCode
    public var day: LocalDay
    /// 1-based; printed with at least four digits.
    public var sequence: Int

    public init(region: RegionCode, day: LocalDay, sequence: Int) {
        precondition(sequence >= 1, "incident sequences start at 1")
        self.region = region
        self.day = day
        self.sequence = sequence
    }

    public var description: String { "\(region.compact)-\(day.yymmdd)-\(LocalDay.pad(sequence, 4))" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.region, lhs.day, lhs.sequence) < (rhs.region, rhs.day, rhs.sequence)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = IncidentNumber(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses `RRRR-YYMMDD-NNNN`. Years are taken as 20YY.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts[0].count == 4, parts[1].count == 6, parts[2].count >= 4,
            let region = RegionCode("\(parts[0].prefix(2)).\(parts[0].suffix(2))"),
            let date = Int(parts[1]), let sequence = Int(parts[2]), sequence >= 1,
            // One printed form per number: more than four digits only when the sequence needs them.
            parts[2].count == 4 || parts[2].first != "0"
        else { return nil }
        let day = LocalDay(year: 2000 + date / 10000, month: date / 100 % 100, day: date % 100)
        guard day.isOnCalendar else { return nil }
        self.init(region: region, day: day, sequence: sequence)
    }
}
