import Crypto
import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Providers' webhooks: only the provider's signed word is taken in")
struct NoticeWebhookTests {
    static let appSecret = "rahasia-aplikasi-meta"
    static var channels: NoticeConfiguration {
        var configuration = NoticeConfiguration(publicURL: "https://112.sidoarjokab.go.id")
        configuration.whatsapp = NoticeConfiguration.WhatsApp(
            phoneNumberId: "109876543210", accessToken: "EAAG-uji", appSecret: appSecret, verifyToken: "verifikasi-112")
        return configuration
    }

    /// A button press as WhatsApp's webhook reports it.
    static func buttonPress(payload: String, from sender: String = "6281234567890") -> String {
        """
        {"object":"whatsapp_business_account","entry":[{"id":"2468","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"62318941112","phone_number_id":"109876543210"},
        "contacts":[{"profile":{"name":"Joko Susilo"},"wa_id":"\(sender)"}],
        "messages":[{"context":{"from":"62318941112","id":"wamid.notice"},"from":"\(sender)","id":"wamid.reply",
        "timestamp":"1796645321","type":"button","button":{"payload":"\(payload)","text":"Terima"}}]}}]}]}
        """
    }

    static func signature(_ body: String, secret: String = appSecret) -> HTTPFields {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return [HTTPField.Name("X-Hub-Signature-256")!: "sha256=" + mac.map { String(format: "%02x", $0) }.joined()]
    }

    @Test("The subscription handshake echoes the challenge for the right verify token only")
    func handshake() async throws {
        try await TestApp.run(channels: Self.channels) { app in
            let good = try await app.send(
                .get, "/notify/whatsapp?hub.mode=subscribe&hub.verify_token=verifikasi-112&hub.challenge=8675309",
                signedIn: false)
            let bad = try await app.send(
                .get, "/notify/whatsapp?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=8675309",
                signedIn: false)
            #expect(good.status == .ok && good.text == "8675309")
            #expect(bad.status == .unauthorized)
        }
    }

    @Test("A signed button press acknowledges the dispatch; unsigned or signed with another secret, it is refused")
    func signedPressAcknowledges() async throws {
        try await TestApp.run(channels: Self.channels) { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            try await kit.outbox.sendDue()
            let body = Self.buttonPress(payload: try #require(kit.whatsapp.sent.first?.acknowledgeToken))
            // when
            let unsigned = try await app.send(.post, "/notify/whatsapp", raw: body, signedIn: false)
            let forged = try await app.send(
                .post, "/notify/whatsapp", raw: body, headers: Self.signature(body, secret: "tebakan"), signedIn: false)
            let statusAfterRefusals = try await kit.incident(id)["dispatches.0.status"] as? String
            let signed = try await app.send(
                .post, "/notify/whatsapp", raw: body, headers: Self.signature(body), signedIn: false)
            // then
            #expect(unsigned.status == .unauthorized && forged.status == .unauthorized)
            #expect(unsigned["type"] as? String == "urn:siaga112:problem:webhook-unauthentic")
            #expect(statusAfterRefusals == "notified")
            #expect(signed.status == .ok)
            let acknowledgement = try await kit.incident(id)["dispatches.0.acknowledgement"] as? [String: Any]
            #expect(acknowledgement?["channel"] as? String == "whatsapp")
            #expect((acknowledgement?["acknowledgedBy"] as? String)?.hasPrefix("Joko Susilo") == true)
        }
    }

    @Test("A channel that is not switched on answers 404, whatever is sent")
    func channelOff() async throws {
        try await TestApp.run { app in
            let whatsapp = try await app.send(.post, "/notify/whatsapp", raw: "{}", signedIn: false)
            let telegram = try await app.send(.post, "/notify/telegram", raw: "{}", signedIn: false)
            #expect(whatsapp.status == .notFound && telegram.status == .notFound)
        }
    }
}
