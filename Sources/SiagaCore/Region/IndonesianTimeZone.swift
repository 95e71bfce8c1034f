public import Foundation

/// Indonesia's three civil time zones. Each province keeps one zone, so a region's zone follows from its
/// province code.
public enum IndonesianTimeZone: String, Codable, Sendable, CaseIterable {
    /// Waktu Indonesia Barat, UTC+7: Sumatra, Java, Kalimantan Barat and Tengah.
    case wib = "WIB"
    /// Waktu Indonesia Tengah, UTC+8: Bali, Nusa Tenggara, Kalimantan Selatan, Timur and Utara, Sulawesi.
    case wita = "WITA"
    /// Waktu Indonesia Timur, UTC+9: Maluku and Papua.
    case wit = "WIT"

    /// Hours ahead of UTC. Indonesia has no daylight saving time.
    public var utcOffsetHours: Int {
        switch self {
        case .wib: 7
        case .wita: 8
        case .wit: 9
        }
    }

    public var timeZone: TimeZone { TimeZone(secondsFromGMT: utcOffsetHours * 3600)! }

    /// The zone of a province, from its two-digit Kemendagri code; `nil` for an unknown province.
    public static func forProvince(_ provinceCode: String) -> IndonesianTimeZone? {
        guard let code = Int(provinceCode) else { return nil }
        switch code {
        case 11...19, 21, 31...36, 61, 62: return .wib
        case 51...53, 63...65, 71...76: return .wita
        case 81, 82, 91...96: return .wit
        default: return nil
        }
    }
}
