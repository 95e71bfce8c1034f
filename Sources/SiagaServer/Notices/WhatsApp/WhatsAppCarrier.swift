import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SiagaCore

/// How Siaga112 reaches the WhatsApp Business Cloud API and checks what it sends back.
struct WhatsAppSettings: Sendable {
    /// The Graph API's address; a test points it at a local fake.
    var apiBase = "https://graph.facebook.com"
    var apiVersion = "v21.0"
    /// The business phone number's id (not the number itself), the path the messages are posted to.
    var phoneNumberID: String
    /// The system user's access token, sent as a bearer token.
    var accessToken: String
    /// The app secret that signs each webhook body (`X-Hub-Signature-256`).
    var appSecret: String
    /// What Siaga112 expects as `hub.verify_token` when Meta verifies the webhook address.
    var verifyToken: String
    /// The approved utility template: body `{{1}}` is the notice, button 0 a quick reply that acknowledges.
    var templateName = "siaga112_penerusan"
    var templateLanguage = "id"
}

/// Sends a notice as the approved template message, one to one (the Cloud API cannot post into groups).
///
/// The template's quick-reply button carries the notice's acknowledgement token as its payload, which comes back
/// in the `messages` webhook when pressed; `biz_opaque_callback_data` carries the notice's reference, which comes
/// back in every status webhook of the message.
struct WhatsAppCarrier: NoticeCarrier {
    let client: HTTPClient
    let settings: WhatsAppSettings

    var channel: NoticeChannel { .whatsapp }

    /// The whole exchange, connection included, must finish within this.
    static let timeout = TimeAmount.seconds(10)
    /// Meta's throttling and temporary-outage codes, which it may answer with HTTP 400: tried again later.
    static let transientErrorCodes: Set<Int> = [1, 2, 4, 80007, 130429, 131016, 131056, 133004]
    /// The longest notice text sent as the body parameter: the template's own words share the body's 1,024
    /// characters.
    static let bodyParameterLimit = 900
    /// Answers are a few hundred bytes; this bounds what a misbehaving proxy can make Siaga112 hold.
    static let answerLimit = 1 << 20

    /// A send request as the Cloud API documents it, before it meets the HTTP client.
    struct Request: Sendable, Hashable {
        var url: String
        var authorization: String
        var body: [UInt8]
    }

    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt {
        let request = Self.request(for: notice, settings: settings)
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        http.headers.add(name: "Authorization", value: request.authorization)
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let answer: (status: Int, body: [UInt8])
        do {
            let response = try await client.execute(http, deadline: .now() + Self.timeout)
            let body = try await response.body.collect(upTo: Self.answerLimit)
            answer = (Int(response.status.code), Array(buffer: body))
        } catch {
            throw .unavailable("WhatsApp not reached: \(error)")
        }
        return try Self.receipt(status: answer.status, body: answer.body)
    }

    /// The template message for `notice`.
    static func request(for notice: OutgoingNotice, settings: WhatsAppSettings) -> Request {
        let message = TemplateMessage(
            to: notice.recipient,
            template: .init(
                name: settings.templateName, language: .init(code: settings.templateLanguage),
                components: [
                    .init(type: "body", parameters: [.init(type: "text", text: bodyParameter(notice.text))]),
                    .init(
                        type: "button", subType: "quick_reply", index: "0",
                        parameters: [.init(type: "payload", payload: notice.acknowledgeToken)]),
                ]),
            bizOpaqueCallbackData: notice.reference)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings into a fixed shape cannot fail.
        let body = (try? encoder.encode(message)).map { Array($0) } ?? []
        let base = settings.apiBase.hasSuffix("/") ? String(settings.apiBase.dropLast()) : settings.apiBase
        return Request(
            url: "\(base)/\(settings.apiVersion)/\(settings.phoneNumberID)/messages",
            authorization: "Bearer \(settings.accessToken)", body: body)
    }

    /// The notice as a template parameter, which the API refuses (#132018) with a line break, a tab or more than
    /// four spaces in a row: lines are joined with " · " and runs of blanks become one space.
    static func bodyParameter(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
        let flat = lines.filter { !$0.isEmpty }.joined(separator: " · ")
        return flat.count > bodyParameterLimit ? String(flat.prefix(bodyParameterLimit - 1)) + "…" : flat
    }

    /// What the API's answer means: the `wamid` of an accepted message, or why it was not accepted.
    static func receipt(status: Int, body: [UInt8]) throws(NoticeCarrierError) -> NoticeReceipt {
        let decoder = JSONDecoder()
        if (200..<300).contains(status) {
            guard let accepted = try? decoder.decode(Accepted.self, from: Data(body)),
                let id = accepted.messages.first?.id, !id.isEmpty
            else { throw .unavailable("WhatsApp answered \(status) without a message id") }
            return NoticeReceipt(providerReference: id)
        }
        let error = (try? decoder.decode(Failure.self, from: Data(body)))?.error
        let reason = error.map(\.reason) ?? "HTTP \(status)"
        if status == 429 || status >= 500 || error.map({ transientErrorCodes.contains($0.code ?? 0) }) == true {
            throw .unavailable("WhatsApp: \(reason)")
        }
        throw .refused("WhatsApp: \(reason)")
    }
}

extension WhatsAppCarrier {
    private struct TemplateMessage: Encodable {
        var messagingProduct = "whatsapp"
        var recipientType = "individual"
        var to: String
        var type = "template"
        var template: Template
        var bizOpaqueCallbackData: String

        enum CodingKeys: String, CodingKey {
            case messagingProduct = "messaging_product"
            case recipientType = "recipient_type"
            case to, type, template
            case bizOpaqueCallbackData = "biz_opaque_callback_data"
        }
    }

    private struct Template: Encodable {
        var name: String
        var language: Language
        var components: [Component]
    }

    private struct Language: Encodable {
        var code: String
    }

    private struct Component: Encodable {
        var type: String
        var subType: String?
        var index: String?
        var parameters: [Parameter]

        enum CodingKeys: String, CodingKey {
            case type
            case subType = "sub_type"
            case index, parameters
        }
    }

    private struct Parameter: Encodable {
        var type: String
        var text: String?
        var payload: String?
    }

    private struct Accepted: Decodable {
        struct Message: Decodable { var id: String }
        var messages: [Message]
    }

    /// The Graph API's error document: `{"error": {"message", "type", "code", "error_data": {"details"}}}`.
    private struct Failure: Decodable {
        struct Detail: Decodable {
            struct Data: Decodable { var details: String? }
            var message: String?
            var code: Int?
            var errorData: Data?

            enum CodingKeys: String, CodingKey {
                case message, code
                case errorData = "error_data"
            }

            var reason: String {
                let words = [message, errorData?.details].compactMap { $0 }.filter { !$0.isEmpty }
                // The Graph API's messages usually begin with the code already: "(#132001) Template name…".
                let prefix = message?.hasPrefix("(#") == true ? "" : code.map { "(#\($0)) " } ?? ""
                return prefix + (words.isEmpty ? "error" : words.joined(separator: ": "))
            }
        }
        var error: Detail
    }
}
