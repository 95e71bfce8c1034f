import Foundation
import SiagaCore
import Testing

@testable import SiagaServer

@Suite("Notices: WhatsApp Cloud API on the wire")
struct WhatsAppTests {
    static let secret = "rahasia-aplikasi"
    static let signedBody = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
    /// HMAC-SHA256 of `signedBody` under `secret`, computed outside Swift (Python's hmac module).
    static let signature = "sha256=7724d1409d44f3285ea85f37ffe0b4ac0a00f813e88da65c4ab46710aea065e4"

    static let settings = WhatsAppSettings(
        phoneNumberID: "106540352242922", accessToken: "EAAG-token", appSecret: secret, verifyToken: "verifikasi")

    static let notice = OutgoingNotice(
        reference: "n-41.1", recipient: "6281234567890", subject: "Kebakaran di Sidoarjo",
        text: "Kebakaran rumah\nDesa Sekardangan,   Sidoarjo\tRT 03",
        acknowledgeToken: "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw",
        acknowledgeURL: nil, replyCode: "4821")

    /// A `messages` notification around one `value`, as Meta posts it.
    static func notification(_ value: String, field: String = "messages") -> [UInt8] {
        Array(
            #"""
            {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "\#(field)",
            "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550783881",
            "phone_number_id": "106540352242922"}, \#(value)}}]}]}
            """#.utf8)
    }

    static let contacts = #""contacts": [{"profile": {"name": "Budi Santoso"}, "wa_id": "6281234567890"}]"#
    static let budi = NoticeSender(address: "6281234567890", name: "Budi Santoso", chat: nil)

    func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    // MARK: webhook signature and handshake

    @Test("A body signed with the app secret is accepted")
    func signedBodyIsAccepted() {
        #expect(WhatsAppWebhook.isSigned(Self.signedBody, signature: Self.signature, appSecret: Self.secret))
        #expect(
            WhatsAppWebhook.isSigned(
                Self.signedBody, signature: "sha256=" + Self.signature.dropFirst(7).uppercased(),
                appSecret: Self.secret))
    }

    @Test(
        "A body with a wrong, malformed or missing signature is refused",
        arguments: [
            "sha256=8724d1409d44f3285ea85f37ffe0b4ac0a00f813e88da65c4ab46710aea065e4",
            "7724d1409d44f3285ea85f37ffe0b4ac0a00f813e88da65c4ab46710aea065e4",
            "sha1=7724d1409d44f3285ea85f37ffe0b4ac0a00f813",
            "sha256=7724d1409d44f3285ea85f37ffe0b4ac0a00f813e88da65c4ab46710aea065",
            "sha256=zz24d1409d44f3285ea85f37ffe0b4ac0a00f813e88da65c4ab46710aea065e4",
            "",
        ])
    func badSignatureIsRefused(signature: String) {
        #expect(!WhatsAppWebhook.isSigned(Self.signedBody, signature: signature, appSecret: Self.secret))
    }

    @Test("A signature is refused when missing, under another secret, or over another body")
    func signatureIsBoundToSecretAndBody() {
        #expect(!WhatsAppWebhook.isSigned(Self.signedBody, signature: nil, appSecret: Self.secret))
        #expect(!WhatsAppWebhook.isSigned(Self.signedBody, signature: Self.signature, appSecret: "rahasia-lain"))
        #expect(!WhatsAppWebhook.isSigned(Self.signedBody, signature: Self.signature, appSecret: ""))
        #expect(!WhatsAppWebhook.isSigned(Self.signedBody + [0x20], signature: Self.signature, appSecret: Self.secret))
    }

    @Test(
        "Meta's verification request gets its challenge back only with the expected token",
        arguments: [
            ("subscribe", "verifikasi", "1158201444", "1158201444"),
            ("subscribe", "salah", "1158201444", nil),
            ("unsubscribe", "verifikasi", "1158201444", nil),
            (nil, "verifikasi", "1158201444", nil),
            ("subscribe", nil, "1158201444", nil),
            ("subscribe", "verifikasi", nil, nil),
        ] as [(String?, String?, String?, String?)])
    func verificationHandshake(mode: String?, token: String?, challenge: String?, answer: String?) {
        #expect(
            WhatsAppWebhook.challenge(mode: mode, verifyToken: token, challenge: challenge, expected: "verifikasi")
                == answer)
    }

    @Test("Without a configured verify token no verification succeeds")
    func emptyVerifyTokenNeverMatches() {
        #expect(WhatsAppWebhook.challenge(mode: "subscribe", verifyToken: "", challenge: "1", expected: "") == nil)
    }

    // MARK: webhook notifications

    @Test("Delivery reports become delivered, read and failed; sent is left out")
    func statusesAreDeliveryReports() throws {
        // given
        let body = Self.notification(
            #"""
            "statuses": [
              {"id": "wamid.A", "status": "sent", "timestamp": "1750857384", "recipient_id": "6281234567890",
               "biz_opaque_callback_data": "n-41.1", "conversation": {"id": "c1", "origin": {"type": "utility"}},
               "pricing": {"billable": true, "pricing_model": "PMP", "category": "utility"}},
              {"id": "wamid.A", "status": "delivered", "timestamp": "1750857385", "recipient_id": "6281234567890"},
              {"id": "wamid.A", "status": "read", "timestamp": "1750857390", "recipient_id": "6281234567890"},
              {"id": "wamid.B", "status": "failed", "timestamp": "1750857391", "recipient_id": "6281234567891",
               "errors": [{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
                           "error_data": {"details": "Message Undeliverable."}}]},
              {"id": "wamid.C", "status": "deleted", "timestamp": "1750857392", "recipient_id": "6281234567891"}
            ]
            """#)

        // when
        let feedback = try WhatsAppWebhook.feedback(body)

        // then
        #expect(
            feedback == [
                .delivery(.whatsapp, providerReference: "wamid.A", .delivered),
                .delivery(.whatsapp, providerReference: "wamid.A", .read),
                .delivery(
                    .whatsapp, providerReference: "wamid.B",
                    .failed("(#131026) Message undeliverable: Message Undeliverable.")),
            ])
    }

    @Test("Pressing the template's quick-reply button is an acknowledgement with its payload")
    func quickReplyIsAcknowledgement() throws {
        // given
        let body = Self.notification(
            Self.contacts + ", "
                + #"""
                "messages": [{"context": {"from": "15550783881", "id": "wamid.A"}, "from": "6281234567890",
                "id": "wamid.R", "timestamp": "1750857400", "type": "button",
                "button": {"payload": "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw", "text": "Terima"}}]
                """#)

        // when
        let feedback = try WhatsAppWebhook.feedback(body)

        // then
        #expect(feedback == [.acknowledgement(.whatsapp, token: "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw", from: Self.budi)])
    }

    @Test("Pressing an interactive reply button is an acknowledgement with its id")
    func interactiveReplyIsAcknowledgement() throws {
        // given
        let body = Self.notification(
            Self.contacts + ", "
                + #"""
                "messages": [{"from": "6281234567890", "id": "wamid.R", "timestamp": "1750857400",
                "type": "interactive", "interactive": {"type": "button_reply",
                "button_reply": {"id": "a1.token", "title": "Terima"}}}]
                """#)

        // when
        let feedback = try WhatsAppWebhook.feedback(body)

        // then
        #expect(feedback == [.acknowledgement(.whatsapp, token: "a1.token", from: Self.budi)])
    }

    @Test("A text message is a reply; other message types and other fields are ignored")
    func textIsReply() throws {
        // given
        let text = Self.notification(
            Self.contacts + ", "
                + #"""
                "messages": [
                  {"from": "6281234567890", "id": "wamid.T", "timestamp": "1", "type": "text",
                   "text": {"body": "TERIMA 4821"}},
                  {"from": "6281234567890", "id": "wamid.I", "timestamp": "2", "type": "image",
                   "image": {"id": "media-1", "mime_type": "image/jpeg"}}
                ]
                """#)
        let template = Self.notification(#""event": "APPROVED""#, field: "message_template_status_update")

        // then
        #expect(try WhatsAppWebhook.feedback(text) == [.reply(.whatsapp, text: "TERIMA 4821", from: Self.budi)])
        #expect(try WhatsAppWebhook.feedback(template) == [])
    }

    @Test(
        "A body that is not a documented notification is refused",
        arguments: [
            "not json",
            #"{"entry": []}"#,
            #"{"object": "whatsapp_business_account"}"#,
            #"{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages"}]}]}"#,
            #"{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": "#
                + #"{"statuses": [{"status": "read"}]}}]}]}"#,
            #"{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": "#
                + #"{"messages": [{"from": "62812", "type": "button", "text": {"body": "x"}}]}}]}]}"#,
        ])
    func malformedBodyIsRefused(body: String) {
        #expect(throws: WhatsAppWebhookError.self) { try WhatsAppWebhook.feedback(Array(body.utf8)) }
    }

    @Test("A notification of another product is refused as such")
    func otherProductIsRefused() {
        #expect(throws: WhatsAppWebhookError.notWhatsApp("page")) {
            try WhatsAppWebhook.feedback(Array(#"{"object": "page", "entry": []}"#.utf8))
        }
    }

    // MARK: sending

    @Test("A notice is posted as the template, with the token as the button's payload")
    func noticeIsTemplateMessage() throws {
        // when
        let request = WhatsAppCarrier.request(for: Self.notice, settings: Self.settings)
        let body = try json(request.body)

        // then
        #expect(request.url == "https://graph.facebook.com/v21.0/106540352242922/messages")
        #expect(request.authorization == "Bearer EAAG-token")
        #expect(body["messaging_product"] as? String == "whatsapp")
        #expect(body["to"] as? String == "6281234567890")
        #expect(body["type"] as? String == "template")
        #expect(body["biz_opaque_callback_data"] as? String == "n-41.1")
        let template = try #require(body["template"] as? [String: Any])
        #expect(template["name"] as? String == "siaga112_penerusan")
        #expect((template["language"] as? [String: Any])?["code"] as? String == "id")
        let components = try #require(template["components"] as? [[String: Any]])
        #expect(components.count == 2)
        let parameters = try #require(components[0]["parameters"] as? [[String: Any]])
        #expect(components[0]["type"] as? String == "body")
        #expect(parameters.first?["type"] as? String == "text")
        #expect(parameters.first?["text"] as? String == "Kebakaran rumah · Desa Sekardangan, Sidoarjo RT 03")
        #expect(components[1]["type"] as? String == "button")
        #expect(components[1]["sub_type"] as? String == "quick_reply")
        #expect(components[1]["index"] as? String == "0")
        let button = try #require((components[1]["parameters"] as? [[String: Any]])?.first)
        #expect(button["type"] as? String == "payload")
        #expect(button["payload"] as? String == "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw")
    }

    @Test("A long notice is shortened to fit the template's body")
    func longNoticeIsShortened() {
        let parameter = WhatsAppCarrier.bodyParameter(String(repeating: "kebakaran ", count: 200))
        #expect(parameter.count == WhatsAppCarrier.bodyParameterLimit)
        #expect(parameter.hasSuffix("…"))
    }

    @Test("An accepted message's wamid is the provider reference")
    func acceptedMessageGivesWamid() throws {
        // given
        let answer = #"""
            {"messaging_product": "whatsapp", "contacts": [{"input": "6281234567890", "wa_id": "6281234567890"}],
             "messages": [{"id": "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjdBMkQ1", "message_status": "accepted"}]}
            """#

        // when
        let receipt = try WhatsAppCarrier.receipt(status: 200, body: Array(answer.utf8))

        // then
        #expect(receipt.providerReference == "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjdBMkQ1")
    }

    @Test(
        "Throttling, outages and unreadable answers are tried again later",
        arguments: [
            (429, #"{"error": {"message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429}}"#),
            (
                400,
                #"{"error": {"message": "(#131056) pair rate limit hit", "type": "OAuthException", "code": 131056}}"#
            ),
            (500, #"{"error": {"message": "An unknown error occurred", "type": "OAuthException", "code": 1}}"#),
            (503, "Service Unavailable"),
            (200, #"{"messaging_product": "whatsapp", "messages": []}"#),
        ])
    func transientFailureIsUnavailable(status: Int, body: String) {
        #expect {
            try WhatsAppCarrier.receipt(status: status, body: Array(body.utf8))
        } throws: { error in
            guard case .unavailable = error as? NoticeCarrierError else { return false }
            return true
        }
    }

    @Test("A request the API refuses is refused for good, with the API's message")
    func refusalKeepsTheMessage() {
        // given
        let answer = #"""
            {"error": {"message": "(#132001) Template name does not exist in the translation", "type": "OAuthException",
             "code": 132001, "error_data": {"messaging_product": "whatsapp",
             "details": "template name (siaga112_penerusan) does not exist in id"}, "fbtrace_id": "AE9jPfwk6"}}
            """#

        // then
        #expect(
            throws: NoticeCarrierError.refused(
                "WhatsApp: (#132001) Template name does not exist in the translation: "
                    + "template name (siaga112_penerusan) does not exist in id")
        ) {
            try WhatsAppCarrier.receipt(status: 404, body: Array(answer.utf8))
        }
        #expect(throws: NoticeCarrierError.refused("WhatsApp: HTTP 401")) {
            try WhatsAppCarrier.receipt(status: 401, body: [])
        }
    }
}
