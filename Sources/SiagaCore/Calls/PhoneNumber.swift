/// A caller's number (ANI), normalised so that `0812-3456-789`, `62812…` and `+62812…` are the same caller.
public struct PhoneNumber: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// `+62…` for Indonesian numbers, `+…` for other international ones, digits only for short numbers.
    public let rawValue: String

    /// Returns `nil` for text with letters, or with fewer than 3 or more than 16 digits as written or once
    /// normalised (a national number of 16 digits is 17 with `62`): what is stored always reads back as itself.
    public init?(_ text: String) {
        let allowed = Set("+-. ()")
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || allowed.contains($0) }) else { return nil }
        let digits = text.filter { $0.isASCII && $0.isNumber }
        guard (3...16).contains(digits.count) else { return nil }
        let normalised =
            if text.trimmingWhitespace.hasPrefix("+") {
                "+" + digits
            } else if digits.hasPrefix("62"), digits.count >= 9 {
                "+" + digits
            } else if digits.hasPrefix("0"), digits.count >= 9 {
                "+62" + digits.dropFirst()
            } else {
                digits
            }
        guard normalised.count { $0.isNumber } <= 16 else { return nil }
        rawValue = normalised
    }

    public var description: String { rawValue }

    /// The number with all but the last four digits hidden, for screens and logs that need no more.
    public var masked: String {
        String(repeating: "•", count: max(0, rawValue.count - 4)) + rawValue.suffix(4)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = PhoneNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
