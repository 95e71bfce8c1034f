public import Foundation

/// Instants as RFC 3339 writes them, the `date-time` of JSON Schema and of the documents other systems send (EIDO,
/// CAP, BMKG's feeds). One reader for all of them.
public enum RFC3339 {
    /// Accepts RFC 3339 instants (`date-time` in JSON Schema): `T` or `t`, a fraction of any length (read to the
    /// nanosecond; instants are kept to the millisecond), and `Z`, `z` or `±hh:mm` (hours 00–23); nothing else, and
    /// nothing after (Foundation's parser stops where the instant ends and would take `2026-01-01T00:00:00Zgarbage`).
    public static func date(_ text: String) -> Date? {
        guard let (utc, offset) = normalized(text.utf8) else { return nil }
        let date =
            (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(utc))
            ?? (try? Date.ISO8601FormatStyle().parse(utc))
        return date?.addingTimeInterval(-TimeInterval(offset))
    }

    /// The instant's local time as Foundation reads it (`T`, at most nine digits of fraction, `Z`) and its offset
    /// from UTC in seconds, which Foundation reads only up to 18 hours; nil unless the text is
    /// `YYYY-MM-DDThh:mm:ss`, optionally `.` and digits, then `Z` or `±hh:mm`.
    static func normalized(_ text: String.UTF8View) -> (utc: String, offset: Int)? {
        let bytes = Array(text)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count
                && bytes[range].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        func byte(_ index: Int, _ character: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: character)
        }
        func number(_ range: Range<Int>) -> Int {
            bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10),
            byte(10, "T") || byte(10, "t"), digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"),
            digits(17..<19)
        else { return nil }
        var normalized = Array(bytes[0..<19])
        normalized[10] = UInt8(ascii: "T")
        var index = 19
        if byte(index, ".") {
            let start = index + 1
            index = start
            while index < bytes.count, digits(index..<(index + 1)) { index += 1 }
            guard index > start else { return nil }
            normalized += bytes[(start - 1)..<min(index, start + 9)]
        }
        let utc = String(decoding: normalized + [UInt8(ascii: "Z")], as: UTF8.self)
        if byte(index, "Z") || byte(index, "z") { return index + 1 == bytes.count ? (utc, 0) : nil }
        guard byte(index, "+") || byte(index, "-"), digits((index + 1)..<(index + 3)), byte(index + 3, ":"),
            digits((index + 4)..<(index + 6)), index + 6 == bytes.count
        else { return nil }
        let hours = number((index + 1)..<(index + 3))
        let minutes = number((index + 4)..<(index + 6))
        guard hours <= 23, minutes <= 59 else { return nil }
        return (utc, (byte(index, "-") ? -1 : 1) * (hours * 3600 + minutes * 60))
    }
}
