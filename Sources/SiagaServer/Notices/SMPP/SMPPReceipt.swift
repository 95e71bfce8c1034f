/// What an SMSC's delivery receipt says about a message it accepted: read from the `receipted_message_id` and
/// `message_state` parameters when the SMSC sends them, else from the receipt's text (SMPP 3.4 Appendix B,
/// `id:… sub:001 dlvrd:001 submit date:… done date:… stat:DELIVRD err:000 text:…`).
struct SMPPReceipt: Sendable, Hashable {
    /// The `message_id` the SMSC gave in its `submit_sm_resp`.
    var messageID: String
    /// The state as the text form names it: `DELIVRD`, `EXPIRED`, `DELETED`, `UNDELIV`, `ACCEPTD`, `UNKNOWN`,
    /// `REJECTD`, or `ENROUTE` for an intermediate report.
    var state: String
    /// The network's error code (`err:`), when the text form has one.
    var error: String?

    /// `message_state` values (SMPP 3.4 §5.2.28) by their text-form names.
    static let stateNames: [UInt8: String] = [
        1: "ENROUTE", 2: "DELIVRD", 3: "EXPIRED", 4: "DELETED", 5: "UNDELIV", 6: "ACCEPTD", 7: "UNKNOWN", 8: "REJECTD",
    ]
}

extension SMPPReceipt {
    /// The receipt `message` carries; nil when it is not a delivery receipt or names no message or state.
    init?(_ message: SMPPMessage) {
        guard message.isDeliveryReceipt else { return nil }
        let fields = Self.fields(message.text)
        let id = message.tlv(SMPPTLV.receiptedMessageID).map(Self.cString) ?? fields["id"]
        let state = message.tlv(SMPPTLV.messageState).flatMap { $0.count == 1 ? Self.stateNames[$0[0]] : nil }
        guard let id, !id.isEmpty, let state = state ?? fields["stat"]?.uppercased() else { return nil }
        messageID = id
        self.state = state
        error = fields["err"]
    }

    /// The `key:value` fields of the text form before `text:`, keys lowercased (`submit date:` reads as `date`).
    private static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for token in text.split(separator: " ") {
            guard let colon = token.firstIndex(of: ":") else { continue }
            let key = token[..<colon].lowercased()
            if key == "text" { break }
            fields[key] = fields[key] ?? String(token[token.index(after: colon)...])
        }
        return fields
    }

    private static func cString(_ octets: [UInt8]) -> String {
        String(decoding: octets.prefix { $0 != 0 }, as: UTF8.self)
    }
}
