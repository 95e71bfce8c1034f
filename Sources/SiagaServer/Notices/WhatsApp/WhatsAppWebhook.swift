import Crypto
import Foundation
import SiagaCore

/// Reads what the Cloud API posts to Siaga112's webhook: pure functions over the raw request, no IO.
///
/// The body is checked with ``isSigned(_:signature:appSecret:)`` before ``feedback(_:)`` reads it; the address
/// itself is verified once by Meta's GET handshake, answered by ``challenge(mode:verifyToken:challenge:expected:)``.
enum WhatsAppWebhook {
    /// Whether `signature` (the `X-Hub-Signature-256` header, `sha256=<hex>`) is the HMAC-SHA256 of the raw body
    /// under the app secret. Compared in constant time; a missing or malformed header, or no secret, is false.
    static func isSigned(_ body: [UInt8], signature: String?, appSecret: String) -> Bool {
        guard !appSecret.isEmpty, let signature, signature.hasPrefix("sha256="),
            let mac = hexBytes(signature.dropFirst("sha256=".count)), mac.count == SHA256.byteCount
        else { return false }
        let key = SymmetricKey(data: Data(appSecret.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key)
    }

    /// The answer to Meta's verification request (`hub.mode`, `hub.verify_token`, `hub.challenge`): the challenge
    /// to echo when the mode is `subscribe` and the token is the expected one, otherwise nil (answer 403).
    static func challenge(mode: String?, verifyToken: String?, challenge: String?, expected: String) -> String? {
        guard mode == "subscribe", !expected.isEmpty, let verifyToken, let challenge,
            Secrets.constantTimeEquals(verifyToken, expected)
        else { return nil }
        return challenge
    }

    /// What a signed `messages` webhook reports, in the body's order: delivery reports of sent messages (`sent` is
    /// left out, as it says nothing the send's answer did not), button presses as acknowledgements, and text
    /// messages as replies. Other message types, other statuses, other fields and unknown members are ignored.
    static func feedback(_ body: [UInt8]) throws(WhatsAppWebhookError) -> [NoticeFeedback] {
        let notification: Notification
        do {
            notification = try JSONDecoder().decode(Notification.self, from: Data(body))
        } catch {
            throw .malformed(String(describing: error))
        }
        guard notification.object == "whatsapp_business_account" else { throw .notWhatsApp(notification.object) }
        return notification.entry.flatMap(\.changes).compactMap(\.value).flatMap { value in
            value.statuses.compactMap(\.feedback) + value.messages.compactMap { $0.feedback(contacts: value.contacts) }
        }
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A webhook body that is not the documented notification.
enum WhatsAppWebhookError: Error, Hashable {
    /// Not JSON, or a documented member missing or of the wrong type.
    case malformed(String)
    /// A notification for another product (`object` is not `whatsapp_business_account`).
    case notWhatsApp(String)
}

extension WhatsAppWebhook {
    /// `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field", "value"}]}]}`.
    private struct Notification: Decodable {
        var object: String
        var entry: [Entry]
    }

    private struct Entry: Decodable {
        var changes: [Change]
    }

    /// A change of the `messages` field; other fields (template and account updates) have other shapes and are
    /// not read.
    private struct Change: Decodable {
        var value: Value?

        enum CodingKeys: String, CodingKey { case field, value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let field = try container.decode(String.self, forKey: .field)
            value = field == "messages" ? try container.decode(Value.self, forKey: .value) : nil
        }
    }

    private struct Value: Decodable {
        var contacts: [Contact]
        var messages: [Message]
        var statuses: [Status]

        enum CodingKeys: String, CodingKey { case contacts, messages, statuses }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            contacts = try container.decodeIfPresent([Contact].self, forKey: .contacts) ?? []
            messages = try container.decodeIfPresent([Message].self, forKey: .messages) ?? []
            statuses = try container.decodeIfPresent([Status].self, forKey: .statuses) ?? []
        }
    }

    private struct Contact: Decodable {
        struct Profile: Decodable { var name: String? }
        var profile: Profile?
        var waID: String?

        enum CodingKeys: String, CodingKey {
            case profile
            case waID = "wa_id"
        }
    }
}

extension WhatsAppWebhook {
    /// `{"id": "<wamid>", "status": "sent|delivered|read|failed", "errors": [...], "biz_opaque_callback_data"}`.
    private struct Status: Decodable {
        var id: String
        var status: String
        var errors: [Failure]?

        var feedback: NoticeFeedback? {
            switch status {
            case "delivered": .delivery(.whatsapp, providerReference: id, .delivered)
            case "read": .delivery(.whatsapp, providerReference: id, .read)
            case "failed": .delivery(.whatsapp, providerReference: id, .failed(errors?.first?.reason ?? "failed"))
            default: nil
            }
        }
    }

    /// `{"code", "title", "message", "error_data": {"details"}}`, as in status and webhook errors.
    private struct Failure: Decodable {
        struct Data: Decodable { var details: String? }
        var code: Int?
        var title: String?
        var message: String?
        var errorData: Data?

        enum CodingKeys: String, CodingKey {
            case code, title, message
            case errorData = "error_data"
        }

        var reason: String {
            let words = [title ?? message, errorData?.details].compactMap { $0 }.filter { !$0.isEmpty }
            return (code.map { "(#\($0)) " } ?? "") + (words.isEmpty ? "failed" : words.joined(separator: ": "))
        }
    }

    /// An incoming message; the member named by `type` is required for the three types read here.
    private struct Message: Decodable {
        var from: String
        var content: Content?

        enum Content {
            case button(payload: String)
            case buttonReply(id: String)
            case text(String)
        }

        enum CodingKeys: String, CodingKey { case from, type, button, interactive, text }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            from = try container.decode(String.self, forKey: .from)
            switch try container.decode(String.self, forKey: .type) {
            case "button": content = .button(payload: try container.decode(Button.self, forKey: .button).payload)
            case "interactive":
                content = try container.decode(Interactive.self, forKey: .interactive).buttonReply.map {
                    .buttonReply(id: $0.id)
                }
            case "text": content = .text(try container.decode(Text.self, forKey: .text).body)
            default: content = nil
            }
        }

        func feedback(contacts: [Contact]) -> NoticeFeedback? {
            // The contact is matched by its WhatsApp id; a lone contact is the sender even when the ids are
            // written differently.
            let contact = contacts.first { $0.waID == from } ?? (contacts.count == 1 ? contacts.first : nil)
            let sender = NoticeSender(address: from, name: contact?.profile?.name, chat: nil)
            switch content {
            case .button(let payload): return .acknowledgement(.whatsapp, token: payload, from: sender)
            case .buttonReply(let id): return .acknowledgement(.whatsapp, token: id, from: sender)
            case .text(let body): return .reply(.whatsapp, text: body, from: sender)
            case nil: return nil
            }
        }
    }

    /// A quick-reply button of a template: `{"payload", "text"}`.
    private struct Button: Decodable {
        var payload: String
    }

    /// `{"type": "button_reply", "button_reply": {"id", "title"}}`; list replies are not read.
    private struct Interactive: Decodable {
        struct Reply: Decodable { var id: String }
        var buttonReply: Reply?

        enum CodingKeys: String, CodingKey { case buttonReply = "button_reply" }
    }

    private struct Text: Decodable {
        var body: String
    }
}
