import Foundation
import SiagaCore
import Testing

@testable import SiagaServer

@Suite("Notices: Telegram Bot API on the wire")
struct TelegramTests {
    static let settings = TelegramSettings(
        botToken: "7012345678:AAH-token_rahasia", webhookSecret: "siaga112-webhook_Secret")

    static let notice = OutgoingNotice(
        reference: "n-41.2", recipient: "-1001234567890", subject: "Kebakaran di Sidoarjo",
        text: "Kebakaran rumah\nDesa Sekardangan, Sidoarjo", acknowledgeToken: "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw",
        acknowledgeURL: nil, replyCode: "4821")

    func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    // MARK: webhook

    @Test("An update with the webhook's secret token is authentic")
    func secretTokenIsChecked() {
        #expect(TelegramWebhook.isAuthentic(secretHeader: "siaga112-webhook_Secret", secret: "siaga112-webhook_Secret"))
        #expect(
            !TelegramWebhook.isAuthentic(secretHeader: "siaga112-webhook_Secreu", secret: "siaga112-webhook_Secret"))
        #expect(!TelegramWebhook.isAuthentic(secretHeader: "siaga112", secret: "siaga112-webhook_Secret"))
        #expect(!TelegramWebhook.isAuthentic(secretHeader: nil, secret: "siaga112-webhook_Secret"))
        #expect(!TelegramWebhook.isAuthentic(secretHeader: "", secret: ""))
    }

    @Test("Pressing the button in a group is an acknowledgement from the person, in that group")
    func callbackQueryIsAcknowledgement() throws {
        // given
        let body = #"""
            {"update_id": 900123457, "callback_query": {"id": "4382bfdwdsb323b2d9", "chat_instance": "-53453453",
             "from": {"id": 111222333, "is_bot": false, "first_name": "Budi", "last_name": "Santoso",
                      "username": "budi_damkar", "language_code": "id"},
             "message": {"message_id": 77, "date": 1750857384, "text": "Kebakaran rumah",
                         "from": {"id": 7012345678, "is_bot": true, "first_name": "Siaga112"},
                         "chat": {"id": -1001234567890, "title": "Damkar Sidoarjo", "type": "supergroup"}},
             "data": "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw"}}
            """#

        // when
        let update = try TelegramWebhook.read(Array(body.utf8))

        // then
        #expect(update.updateID == 900_123_457)
        #expect(update.callbackQueryID == "4382bfdwdsb323b2d9")
        #expect(
            update.feedback == [
                .acknowledgement(
                    .telegram, token: "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw",
                    from: NoticeSender(address: "111222333", name: "Budi Santoso", chat: "-1001234567890"))
            ])
    }

    @Test("A person without a name is named by their username")
    func usernameWhenNoName() throws {
        // given
        let body = #"""
            {"update_id": 1, "callback_query": {"id": "q1", "chat_instance": "1",
             "from": {"id": 5, "is_bot": false, "first_name": "", "username": "petugas_bpbd"},
             "message": {"message_id": 2, "date": 0, "chat": {"id": 5, "type": "private"}}, "data": "a1.t"}}
            """#

        // then
        #expect(
            try TelegramWebhook.read(Array(body.utf8)).feedback == [
                .acknowledgement(
                    .telegram, token: "a1.t", from: NoticeSender(address: "5", name: "petugas_bpbd", chat: "5"))
            ])
    }

    @Test("A text message is a reply; other updates carry no feedback")
    func textMessageIsReply() throws {
        // given
        let text = #"""
            {"update_id": 2, "message": {"message_id": 80, "date": 1750857390, "text": "TERIMA 4821",
             "from": {"id": 111222333, "is_bot": false, "first_name": "Budi"},
             "chat": {"id": -1001234567890, "title": "Damkar Sidoarjo", "type": "supergroup"}}}
            """#
        let photo = #"""
            {"update_id": 3, "message": {"message_id": 81, "date": 1750857391,
             "from": {"id": 111222333, "is_bot": false, "first_name": "Budi"},
             "chat": {"id": 111222333, "type": "private"}, "photo": [{"file_id": "f", "width": 1, "height": 1}]}}
            """#
        let poll = #"{"update_id": 4, "poll": {"id": "p", "question": "?", "options": []}}"#

        // then
        #expect(
            try TelegramWebhook.read(Array(text.utf8)).feedback == [
                .reply(
                    .telegram, text: "TERIMA 4821",
                    from: NoticeSender(address: "111222333", name: "Budi", chat: "-1001234567890"))
            ])
        #expect(try TelegramWebhook.read(Array(photo.utf8)).feedback == [])
        let other = try TelegramWebhook.read(Array(poll.utf8))
        #expect(other.feedback == [] && other.callbackQueryID == nil)
    }

    @Test(
        "A body that is not a documented update is refused",
        arguments: [
            "not json",
            #"{"message": {"message_id": 1, "chat": {"id": 1}, "text": "x"}}"#,
            #"{"update_id": "1"}"#,
            #"{"update_id": 1, "callback_query": {"from": {"id": 1, "first_name": "A"}, "data": "x"}}"#,
            #"{"update_id": 1, "callback_query": {"id": "q", "data": "x"}}"#,
            #"{"update_id": 1, "message": {"message_id": 1, "text": "x"}}"#,
        ])
    func malformedUpdateIsRefused(body: String) {
        #expect(throws: TelegramWebhookError.self) { try TelegramWebhook.read(Array(body.utf8)) }
    }

    // MARK: sending

    @Test("A notice is sent into the chat with one button whose callback data is the token")
    func noticeIsSentWithButton() throws {
        // when
        let request = try TelegramCarrier.sendMessage(for: Self.notice, settings: Self.settings)
        let body = try json(request.body)

        // then
        #expect(request.url == "https://api.telegram.org/bot7012345678:AAH-token_rahasia/sendMessage")
        #expect(body["chat_id"] as? Int == -1_001_234_567_890)
        #expect(body["text"] as? String == "Kebakaran rumah\nDesa Sekardangan, Sidoarjo")
        let keyboard = try #require((body["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]])
        #expect(keyboard.count == 1 && keyboard[0].count == 1)
        #expect(keyboard[0][0]["text"] as? String == "✅ Terima")
        #expect(keyboard[0][0]["callback_data"] as? String == "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw")
    }

    @Test("A channel named by its username is addressed by name")
    func channelUsernameIsAString() throws {
        var notice = Self.notice
        notice.recipient = "@siaga112_sidoarjo"
        let body = try json(try TelegramCarrier.sendMessage(for: notice, settings: Self.settings).body)
        #expect(body["chat_id"] as? String == "@siaga112_sidoarjo")
    }

    @Test("A token longer than a button's callback data allows is refused before sending")
    func longTokenIsRefused() throws {
        // given
        var notice = Self.notice
        notice.acknowledgeToken = String(repeating: "x", count: 64)
        _ = try TelegramCarrier.sendMessage(for: notice, settings: Self.settings)
        notice.acknowledgeToken += "x"

        // then
        #expect(throws: NoticeCarrierError.refused("acknowledgement token longer than Telegram's 64 bytes")) {
            try TelegramCarrier.sendMessage(for: notice, settings: Self.settings)
        }
    }

    @Test("A text longer than Telegram allows is cut to fit, counting as Telegram counts")
    func longTextIsCut() {
        let text = String(repeating: "🚒", count: 3000)
        let fitted = TelegramCarrier.fitted(text)
        #expect(fitted.utf16.count <= TelegramCarrier.textLimit)
        #expect(fitted.hasPrefix("🚒🚒") && fitted.hasSuffix("…"))
        #expect(TelegramCarrier.fitted("Kebakaran rumah") == "Kebakaran rumah")
    }

    @Test("A pressed button is answered with its query id")
    func callbackIsAnswered() throws {
        let request = TelegramCarrier.answerCallbackQuery(
            id: "4382bfdwdsb323b2d9", text: "Diterima", settings: Self.settings)
        let body = try json(request.body)
        #expect(request.url == "https://api.telegram.org/bot7012345678:AAH-token_rahasia/answerCallbackQuery")
        #expect(body["callback_query_id"] as? String == "4382bfdwdsb323b2d9")
        #expect(body["text"] as? String == "Diterima")
    }

    @Test("A sent message is referenced as chat id and message id")
    func sentMessageReference() throws {
        // given
        let answer = #"""
            {"ok": true, "result": {"message_id": 77, "date": 1750857384, "text": "Kebakaran rumah",
             "from": {"id": 7012345678, "is_bot": true, "first_name": "Siaga112", "username": "siaga112_bot"},
             "chat": {"id": -1001234567890, "title": "Damkar Sidoarjo", "type": "supergroup"},
             "reply_markup": {"inline_keyboard": [[{"text": "✅ Terima", "callback_data": "a1.t"}]]}}}
            """#

        // then
        #expect(
            try TelegramCarrier.receipt(status: 200, body: Array(answer.utf8)).providerReference == "-1001234567890:77")
    }

    @Test(
        "Flood control, outages and unreadable answers are tried again later",
        arguments: [
            (
                429,
                #"{"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 5","#
                    + #" "parameters": {"retry_after": 5}}"#
            ),
            (502, #"{"ok": false, "error_code": 502, "description": "Bad Gateway"}"#),
            (503, "<html>Service Unavailable</html>"),
            (200, #"{"ok": true, "result": true}"#),
        ])
    func transientFailureIsUnavailable(status: Int, body: String) {
        #expect {
            try TelegramCarrier.receipt(status: status, body: Array(body.utf8))
        } throws: { error in
            guard case .unavailable = error as? NoticeCarrierError else { return false }
            return true
        }
    }

    @Test("A request the API refuses is refused for good, with its description")
    func refusalKeepsTheDescription() {
        let answer = #"{"ok": false, "error_code": 400, "description": "Bad Request: chat not found"}"#
        #expect(throws: NoticeCarrierError.refused("Telegram: Bad Request: chat not found")) {
            try TelegramCarrier.receipt(status: 400, body: Array(answer.utf8))
        }
        #expect(throws: NoticeCarrierError.refused("Telegram: HTTP 404")) {
            try TelegramCarrier.receipt(status: 404, body: [])
        }
    }
}
