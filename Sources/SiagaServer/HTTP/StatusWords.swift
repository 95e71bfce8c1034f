import SiagaCore

/// The one table of the words for each status, in both languages: the console shows them (it loads them from
/// `GET /api/v1/words`) and the API's refusals say them, so a dispatch en route is "Menuju lokasi" everywhere.
/// Each switch has no `default`, so a new status does not compile without its words.
enum StatusWords {
    static func label(_ status: IncidentStatus, _ language: Language) -> String {
        switch status {
        case .logged: language.pick("Tercatat", "Logged")
        case .dispatched: language.pick("Diteruskan", "Forwarded")
        case .resolved: language.pick("Selesai ditangani", "Resolved")
        case .closed: language.pick("Ditutup", "Closed")
        case .cancelled: language.pick("Dibatalkan", "Cancelled")
        }
    }

    static func label(_ status: DispatchStatus, _ language: Language) -> String {
        switch status {
        case .notified: language.pick("Menunggu respons", "Awaiting response")
        case .acknowledged: language.pick("Diterima", "Acknowledged")
        case .unitAssigned: language.pick("Unit ditugaskan", "Unit assigned")
        case .enRoute: language.pick("Menuju lokasi", "En route")
        case .onScene: language.pick("Di lokasi", "On scene")
        case .completed: language.pick("Selesai", "Completed")
        case .declined: language.pick("Ditolak", "Declined")
        case .rerouted: language.pick("Dialihkan", "Re-routed")
        case .cancelled: language.pick("Dibatalkan", "Cancelled")
        }
    }

    static func label(_ status: UnitStatus, _ language: Language) -> String {
        switch status {
        case .available: language.pick("Siaga", "Available")
        case .assigned: language.pick("Ditugaskan", "Assigned")
        case .enRoute: language.pick("Menuju lokasi", "En route")
        case .onScene: language.pick("Di lokasi", "On scene")
        case .outOfService: language.pick("Tidak beroperasi", "Out of service")
        }
    }

    static func label(_ status: CallStatus, _ language: Language) -> String {
        switch status {
        case .ringing: language.pick("Berdering", "Ringing")
        case .active: language.pick("Tersambung", "Connected")
        case .ended: language.pick("Selesai", "Ended")
        }
    }

    /// A label inside a sentence: "berstatus menunggu respons".
    static func word<Status>(_ status: Status, _ language: Language, _ label: (Status, Language) -> String) -> String {
        let text = label(status, language)
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Every label in `language`, keyed as the console looks them up: `status.logged`, `dispatch.enRoute`,
    /// `unitStatus.available`, `callStatus.ringing`.
    static func table(_ language: Language) -> [String: String] {
        func entries<Status: CaseIterable & RawRepresentable<String>>(
            _ prefix: String, _ label: (Status, Language) -> String
        ) -> [(String, String)] {
            Status.allCases.map { ("\(prefix).\($0.rawValue)", label($0, language)) }
        }
        let all: [(String, String)] =
            entries("status", label as (IncidentStatus, Language) -> String)
            + entries("dispatch", label as (DispatchStatus, Language) -> String)
            + entries("unitStatus", label as (UnitStatus, Language) -> String)
            + entries("callStatus", label as (CallStatus, Language) -> String)
        return Dictionary(uniqueKeysWithValues: all)
    }
}
