import Crypto
import Foundation
import SiagaCore

/// The acknowledgement a notice carries: `<notice id>.<signature>`, 38 characters, short enough for a Telegram
/// button (64 bytes) and a WhatsApp payload. The signature (HMAC-SHA256 over the notice and its agency, cut to 15
/// bytes) is checked before the store is asked, so a forged token costs nothing; expiry and single use are the
/// notice's own (``Notice/expiresAt``, ``NoticeState``).
struct NoticeToken: Sendable {
    let key: SymmetricKey

    init(secret: String) { key = SymmetricKey(data: Data(secret.utf8)) }

    func token(for notice: Notice) -> String {
        "\(notice.id.rawValue).\(signature(notice.id, notice.agencyID))"
    }

    /// The notice id a token names, when its shape is right; its signature is checked by ``verify(_:against:)``.
    static func noticeID(in token: String) -> NoticeID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count),
            parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return NoticeID(String(parts[0]))
    }

    /// Whether `token` was signed for `notice` (and so for its agency).
    func verify(_ token: String, against notice: Notice) -> Bool {
        Secrets.constantTimeEquals(token, self.token(for: notice))
    }

    private func signature(_ id: NoticeID, _ agency: AgencyID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id.rawValue)|\(agency.rawValue)".utf8), using: key)
        return Data(mac.prefix(15)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }
}
