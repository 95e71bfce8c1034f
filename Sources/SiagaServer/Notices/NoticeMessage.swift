import Foundation
import SiagaCore

/// The words of a notice: what happened, where, what to do. Short enough for one SMS segment where it can be,
/// in Indonesian (the agencies' language).
enum NoticeMessage {
    static func compose(
        _ notice: Notice, incident: Incident, agency: Agency?, category: Category?, token: String, publicURL: String?
    ) -> OutgoingNotice {
        let what = [category?.name.id, incident.priority.rawValue.uppercased()].compactMap { $0 }.joined(separator: " ")
        let place = incident.location?.address.map { " di \($0)" } ?? ""
        let summary = incident.description.isEmpty ? "" : " " + String(incident.description.prefix(80))
        let heading = "112 \(incident.number): \(what.isEmpty ? "Laporan darurat" : what)"
        let forWhom = agency.map { " Untuk \($0.name)." } ?? ""
        let answer =
            switch notice.channel {
            case .sms: " Balas TERIMA \(notice.replyCode) bila diterima."
            case .whatsapp, .telegram: " Tekan Terima bila diterima, atau balas TERIMA \(notice.replyCode)."
            case .email, .phone: ""
            }
        let url = publicURL.map { "\($0.trimmingSuffix("/"))/ack/\(token)" }
        return OutgoingNotice(
            reference: "\(notice.id.rawValue).\(notice.attempts + 1)", recipient: carrierAddress(notice),
            subject: heading, text: "\(heading)\(place).\(summary)\(forWhom)\(answer)", acknowledgeToken: token,
            acknowledgeURL: url, replyCode: notice.replyCode)
    }

    /// The recipient as carriers take it: numbers without `+`.
    static func carrierAddress(_ notice: Notice) -> String {
        switch notice.channel {
        case .sms, .whatsapp, .phone: String(notice.recipient.drop(while: { $0 == "+" }))
        case .telegram, .email: notice.recipient
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
