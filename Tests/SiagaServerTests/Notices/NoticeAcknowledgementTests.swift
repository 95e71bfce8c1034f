import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Acknowledging from a message: signed, expiring, single use, the agency's own; every refusal audited")
struct NoticeAcknowledgementTests {
    /// Damkar forwarded, its WhatsApp sent; returns the incident's id and the token the message carried.
    func sentWhatsApp(_ kit: NoticeKit) async throws -> (String, String) {
        try await kit.setDamkarLadder()
        let id = try await kit.forwardedFire()
        try await kit.outbox.sendDue()
        return (id, try #require(kit.whatsapp.sent.first?.acknowledgeToken))
    }

    func refusals(_ app: TestApp) async throws -> [String] {
        let audit = try await app.send(.get, "/audit?action=notice-ack.refused", as: .admin)
        return (audit["items"] as? [[String: Any]] ?? []).compactMap {
            ($0["detail"] as? [String: Any])?["reason"] as? String
        }
    }

    @Test("The officer's button acknowledges as WhatsApp, in his name; the same button again is refused as used")
    func buttonOnceOnly() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            let (id, token) = try await sentWhatsApp(kit)
            let officer = NoticeSender(address: "6281234567890", name: "Joko Susilo")
            // when
            let first = try await kit.answers.acknowledge(token: token, channel: .whatsapp, from: officer, address: nil)
            let again = try await kit.answers.acknowledge(token: token, channel: .whatsapp, from: officer, address: nil)
            // then
            guard case .acknowledged = first else { Issue.record("expected acknowledged, got \(first)"); return }
            #expect(again == .refused(.used))
            let acknowledgement = try await kit.incident(id)["dispatches.0.acknowledgement"] as? [String: Any]
            #expect(acknowledgement?["channel"] as? String == "whatsapp")
            #expect(acknowledgement?["acknowledgedBy"] as? String == "Joko Susilo (•••••••••7890)")
            #expect(acknowledgement?["recordedBy"] as? String == "integration:notice-whatsapp")
            #expect(try await refusals(app) == ["used"])
        }
    }

    @Test("A forged token, another agency's person, an unknown code and an expired token are each refused and audited")
    func refusalsAreAudited() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            let (id, token) = try await sentWhatsApp(kit)
            let stranger = NoticeSender(address: "6285799998888", name: "Orang lain")
            let officer = NoticeSender(address: "6281234567890")
            let forged = String(token.dropLast(4)) + "AAAA"
            // when
            let answers = [
                try await kit.answers.acknowledge(token: forged, channel: .whatsapp, from: officer, address: nil),
                try await kit.answers.acknowledge(
                    token: "bukan-token", channel: .whatsapp, from: officer, address: nil),
                try await kit.answers.acknowledge(token: token, channel: .whatsapp, from: stranger, address: nil),
                try await kit.answers.record(.reply(.sms, text: "TERIMA 0000", from: officer), address: nil),
            ]
            app.clock.advance(by: NoticePlan.acknowledgementLifetime + 1)
            let late = try await kit.answers.acknowledge(
                token: token, channel: .whatsapp, from: officer, address: nil)
            // then
            #expect(answers == [.refused(.forged), .refused(.forged), .refused(.otherAgency), .refused(.unknownCode)])
            #expect(late == .refused(.expired))
            #expect(try await kit.incident(id)["dispatches.0.status"] as? String == "notified")
            #expect(
                try await refusals(app).sorted() == ["expired", "forged", "forged", "otherAgency", "unknownCode"])
        }
    }

    @Test("An SMS code from a number that is not on the agency's ladder is another agency's, and refused")
    func smsFromAnotherNumber() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            try await kit.outbox.sendDue()
            app.clock.advance(by: 60)
            try await kit.outbox.sendDue()
            let code = try #require(kit.sms.sent.first?.replyCode)
            // when
            let answer = try await kit.answers.record(
                .reply(.sms, text: "TERIMA \(code)", from: NoticeSender(address: "+6285799998888")), address: nil)
            // then
            #expect(answer == .refused(.otherAgency))
            #expect(try await kit.incident(id)["dispatches.0.status"] as? String == "notified")
        }
    }

    @Test("The e-mail link shows a page that acknowledges only when its button is pressed")
    func emailLinkPage() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            let (id, _) = try await sentWhatsApp(kit)
            // The link is the same token; the page finds its notice through the store's key.
            let notice = try #require(
                try await app.database.store.read { try await $0.notices(of: IncidentID(id)) }.first)
            let keys = try await kit.keyring.token(from: app.database.store)
            let link = "/ack/\(keys.token(for: notice))"
            // when
            let page = try await app.send(.get, link, signedIn: false, under: "")
            let afterLooking = try await kit.incident(id)["dispatches.0.status"] as? String
            let pressed = try await app.send(.post, link, signedIn: false, under: "")
            let again = try await app.send(.post, link, signedIn: false, under: "")
            let unknown = try await app.send(.get, "/ack/abc.def", signedIn: false, under: "")
            // then
            #expect(page.status == .ok && page.text.contains("<form method=\"post\">"))
            #expect(afterLooking == "notified")
            #expect(pressed.status == .ok && pressed.text.contains("tercatat diterima"))
            #expect(again.status == .conflict)
            #expect(unknown.status == .notFound)
            #expect(try await kit.incident(id)["dispatches.0.acknowledgement.channel"] as? String == "email")
        }
    }
}
