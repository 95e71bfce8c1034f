/// A Kemendagri administrative code: province `35`, regency/city `35.15`, district `35.15.01`,
/// village `35.15.01.2001`. Always valid once constructed.
public struct RegionCode: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The administrative level a code names.
    public enum Level: Int, Comparable, Sendable {
        case provinsi = 1
        case kabupaten = 2
        case kecamatan = 3
        case desa = 4

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The dotted form, e.g. `35.15`.
    public let rawValue: String

    /// Parses a dotted code. Returns `nil` unless it has 1 to 4 parts of 2, 2, 2 and 4 digits.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let widths = [2, 2, 2, 4]
        guard (1...4).contains(parts.count) else { return nil }
        for (part, width) in zip(parts, widths) {
            guard part.count == width, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        self.rawValue = text
    }

    public var level: Level { Level(rawValue: rawValue.split(separator: ".").count)! }

    /// The two-digit province part, e.g. `35`.
    public var provinceCode: String { String(rawValue.prefix(2)) }

    /// The code without dots, e.g. `3515`, as used in incident numbers.
    public var compact: String { rawValue.filter { $0 != "." } }

    /// The code one level up, or `nil` for a province.
    public var parent: RegionCode? {
        guard level > .provinsi else { return nil }
        return RegionCode(String(rawValue[..<rawValue.lastIndex(of: ".")!]))
    }

    /// True when `other` is this region or lies inside it.
    public func contains(_ other: RegionCode) -> Bool {
        other == self || other.rawValue.hasPrefix(rawValue + ".")
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a Kemendagri region code: \(text)")
            )
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
