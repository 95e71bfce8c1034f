import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SiagaCore

/// How Siaga112 reaches the Telegram Bot API and checks what it sends back.
struct TelegramSettings: Sendable {
    /// The Bot API's address; a test points it at a local fake.
    var apiBase = "https://api.telegram.org"
    /// The bot's token from BotFather (`123456:ABC…`), part of every method's path.
    var botToken: String
    /// The `secret_token` given to `setWebhook`, which Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`.
    var webhookSecret: String
}

/// Sends a notice with `sendMessage` into an agency's group or to a person, with one inline button whose callback
/// data is the notice's acknowledgement token.
struct TelegramCarrier: NoticeCarrier {
    let client: HTTPClient
    let settings: TelegramSettings

    var channel: NoticeChannel { .telegram }

    /// The whole exchange, connection included, must finish within this.
    static let timeout = TimeAmount.seconds(10)
    static let acknowledgeLabel = "✅ Terima"
    /// The API's limit on a button's `callback_data`.
    static let callbackDataLimit = 64
    /// The API's limit on a message's text, in UTF-16 code units.
    static let textLimit = 4096
    /// Answers are a few hundred bytes; this bounds what a misbehaving proxy can make Siaga112 hold.
    static let answerLimit = 1 << 20

    /// A Bot API call as documented, before it meets the HTTP client.
    struct Request: Sendable, Hashable {
        var url: String
        var body: [UInt8]
    }

    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt {
        let answer = try await call(Self.sendMessage(for: notice, settings: settings))
        return try Self.receipt(status: answer.status, body: answer.body)
    }

    /// Stops the pressed button's progress indicator and shows `text` to whoever pressed it. Best effort: the
    /// acknowledgement is already recorded, so a failure here is not reported.
    func answerCallback(id: String, text: String) async {
        _ = try? await call(Self.answerCallbackQuery(id: id, text: text, settings: settings))
    }

    private func call(_ request: Request) async throws(NoticeCarrierError) -> (status: Int, body: [UInt8]) {
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(http, deadline: .now() + Self.timeout)
            let body = try await response.body.collect(upTo: Self.answerLimit)
            return (Int(response.status.code), Array(buffer: body))
        } catch {
            throw .unavailable("Telegram not reached: \(error)")
        }
    }

    /// `sendMessage` for `notice`: the chat id as a number when it is one (a `@channel` name otherwise). A token
    /// too long for a button's callback data is refused here, as the API would refuse it.
    static func sendMessage(
        for notice: OutgoingNotice, settings: TelegramSettings
    ) throws(NoticeCarrierError) -> Request {
        guard notice.acknowledgeToken.utf8.count <= callbackDataLimit else {
            throw .refused("acknowledgement token longer than Telegram's \(callbackDataLimit) bytes")
        }
        let message = SendMessage(
            chatID: Int64(notice.recipient).map(ChatID.number) ?? .name(notice.recipient), text: fitted(notice.text),
            replyMarkup: .init(inlineKeyboard: [[.init(text: acknowledgeLabel, callbackData: notice.acknowledgeToken)]])
        )
        return Request(url: url(of: "sendMessage", settings: settings), body: encode(message))
    }

    /// The text cut to the API's limit, which counts UTF-16 code units, with "…" where it was cut.
    static func fitted(_ text: String) -> String {
        guard text.utf16.count > textLimit else { return text }
        var used = 0
        let kept = text.prefix { character in
            used += character.utf16.count
            return used < textLimit
        }
        return kept + "…"
    }

    /// `answerCallbackQuery` for the pressed button `id`.
    static func answerCallbackQuery(id: String, text: String, settings: TelegramSettings) -> Request {
        let answer = AnswerCallbackQuery(callbackQueryID: id, text: String(text.prefix(200)))
        return Request(url: url(of: "answerCallbackQuery", settings: settings), body: encode(answer))
    }

    /// What the API's answer means: `<chat id>:<message id>` of a sent message, or why it was not sent.
    static func receipt(status: Int, body: [UInt8]) throws(NoticeCarrierError) -> NoticeReceipt {
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(body))
        if let answer, answer.ok {
            guard let message = answer.result else {
                throw .unavailable("Telegram answered ok without the message")
            }
            return NoticeReceipt(providerReference: "\(message.chat.id):\(message.messageID)")
        }
        let code = answer?.errorCode ?? status
        let reason = answer?.description ?? "HTTP \(status)"
        if code == 429 || code >= 500 || (answer == nil && (200..<300).contains(status)) {
            throw .unavailable("Telegram: \(reason)")
        }
        throw .refused("Telegram: \(reason)")
    }

    private static func url(of method: String, settings: TelegramSettings) -> String {
        let base = settings.apiBase.hasSuffix("/") ? String(settings.apiBase.dropLast()) : settings.apiBase
        return "\(base)/bot\(settings.botToken)/\(method)"
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers into a fixed shape cannot fail.
        return (try? encoder.encode(value)).map { Array($0) } ?? []
    }
}

extension TelegramCarrier {
    private enum ChatID: Encodable {
        case number(Int64)
        case name(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let id): try container.encode(id)
            case .name(let name): try container.encode(name)
            }
        }
    }

    private struct SendMessage: Encodable {
        var chatID: ChatID
        var text: String
        var replyMarkup: InlineKeyboard

        enum CodingKeys: String, CodingKey {
            case chatID = "chat_id"
            case text
            case replyMarkup = "reply_markup"
        }
    }

    private struct InlineKeyboard: Encodable {
        var inlineKeyboard: [[Button]]

        enum CodingKeys: String, CodingKey { case inlineKeyboard = "inline_keyboard" }
    }

    private struct Button: Encodable {
        var text: String
        var callbackData: String

        enum CodingKeys: String, CodingKey {
            case text
            case callbackData = "callback_data"
        }
    }

    private struct AnswerCallbackQuery: Encodable {
        var callbackQueryID: String
        var text: String

        enum CodingKeys: String, CodingKey {
            case callbackQueryID = "callback_query_id"
            case text
        }
    }

    /// `{"ok": true, "result": Message}` or `{"ok": false, "error_code", "description"}`.
    private struct Answer: Decodable {
        struct Message: Decodable {
            struct Chat: Decodable { var id: Int64 }
            var messageID: Int64
            var chat: Chat

            enum CodingKeys: String, CodingKey {
                case messageID = "message_id"
                case chat
            }
        }

        var ok: Bool
        var result: Message?
        var errorCode: Int?
        var description: String?

        enum CodingKeys: String, CodingKey {
            case ok, result, description
            case errorCode = "error_code"
        }
    }
}
