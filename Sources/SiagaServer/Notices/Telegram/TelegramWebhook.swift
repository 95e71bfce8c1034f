import Foundation
import SiagaCore

/// Reads what the Bot API posts to Siaga112's webhook: pure functions over the raw request, no IO.
///
/// Telegram does not sign updates; it repeats the `secret_token` given to `setWebhook` in the
/// `X-Telegram-Bot-Api-Secret-Token` header, checked by ``isAuthentic(secretHeader:secret:)`` before
/// ``read(_:)``.
enum TelegramWebhook {
    /// Whether the header is the configured secret, compared in constant time; no header, or no secret, is false.
    static func isAuthentic(secretHeader: String?, secret: String) -> Bool {
        guard !secret.isEmpty, let secretHeader else { return false }
        return Secrets.constantTimeEquals(secretHeader, secret)
    }

    /// Reads one update. Kinds other than a callback query and a message, and unknown members, are ignored.
    static func read(_ body: [UInt8]) throws(TelegramWebhookError) -> TelegramUpdate {
        let update: Update
        do {
            update = try JSONDecoder().decode(Update.self, from: Data(body))
        } catch {
            throw .malformed(String(describing: error))
        }
        var feedback: [NoticeFeedback] = []
        if let query = update.callbackQuery, let data = query.data {
            let chat = query.message.map { String($0.chat.id) }
            feedback.append(.acknowledgement(.telegram, token: data, from: query.from.sender(chat: chat)))
        }
        if let message = update.message, let text = message.text {
            let sender =
                message.from?.sender(chat: String(message.chat.id))
                ?? NoticeSender(address: String(message.chat.id), name: message.chat.title, chat: nil)
            feedback.append(.reply(.telegram, text: text, from: sender))
        }
        return TelegramUpdate(updateID: update.updateID, feedback: feedback, callbackQueryID: update.callbackQuery?.id)
    }
}

/// One update from Telegram, as Siaga112 uses it.
struct TelegramUpdate: Sendable, Hashable {
    /// Telegram's sequence number of the update, which it may send again until the webhook answers 2xx.
    var updateID: Int64
    /// A button press as an acknowledgement, a text message as a reply; empty for anything else.
    var feedback: [NoticeFeedback]
    /// The pressed button's query, to be answered with `answerCallbackQuery` so the button stops spinning.
    var callbackQueryID: String?
}

/// A webhook body that is not a documented update.
enum TelegramWebhookError: Error, Hashable {
    /// Not JSON, or a documented member missing or of the wrong type.
    case malformed(String)
}

extension TelegramWebhook {
    /// `{"update_id", "message"?, "callback_query"?, …}`.
    private struct Update: Decodable {
        var updateID: Int64
        var message: Message?
        var callbackQuery: CallbackQuery?

        enum CodingKeys: String, CodingKey {
            case updateID = "update_id"
            case message
            case callbackQuery = "callback_query"
        }
    }

    /// `{"id", "from", "message"?, "chat_instance", "data"?}`; `message` is absent for inline-mode messages.
    private struct CallbackQuery: Decodable {
        var id: String
        var from: User
        var message: Message?
        var data: String?
    }

    /// `{"message_id", "from"?, "chat", "text"?}`; `from` is absent in channels.
    private struct Message: Decodable {
        struct Chat: Decodable {
            var id: Int64
            var title: String?
        }
        var from: User?
        var chat: Chat
        var text: String?
    }

    /// `{"id", "is_bot", "first_name", "last_name"?, "username"?}`.
    private struct User: Decodable {
        var id: Int64
        var firstName: String
        var lastName: String?
        var username: String?

        enum CodingKeys: String, CodingKey {
            case id, username
            case firstName = "first_name"
            case lastName = "last_name"
        }

        func sender(chat: String?) -> NoticeSender {
            let fullName = [firstName, lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            return NoticeSender(address: String(id), name: fullName.isEmpty ? username : fullName, chat: chat)
        }
    }
}
