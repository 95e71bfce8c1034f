import Foundation
import SiagaCore

/// Times as people in the region read them: `2026-10-05 14:32 WIB`.
struct LocalTime {
    let zone: IndonesianTimeZone

    func format(_ instant: Date?, seconds: Bool = false) -> String {
        guard let instant else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func pad(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let time = "\(pad(parts.hour)):\(pad(parts.minute))" + (seconds ? ":\(pad(parts.second))" : "")
        return "\(parts.year ?? 0)-\(pad(parts.month))-\(pad(parts.day)) \(time) \(zone.rawValue)"
    }

    /// A duration as `1 jam 05 mnt`, `4 mnt 10 dtk` or `45 dtk`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600) jam \(String(format: "%02d", total % 3600 / 60)) mnt" }
        if total >= 60 { return "\(total / 60) mnt \(String(format: "%02d", total % 60)) dtk" }
        return "\(total) dtk"
    }
}
