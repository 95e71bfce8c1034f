import Foundation
import HTTPTypes
import Logging
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization
import Testing

@testable import SiagaServer

/// A channel that records what it was asked to send and answers as told: accepted, or failing.
final class FakeCarrier: NoticeCarrier, Sendable {
    let channel: NoticeChannel
    private let state = Mutex<(sent: [OutgoingNotice], failure: NoticeCarrierError?)>(([], nil))

    init(_ channel: NoticeChannel) { self.channel = channel }

    var sent: [OutgoingNotice] { state.withLock { $0.sent } }
    func fail(with error: NoticeCarrierError?) { state.withLock { $0.failure = error } }

    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt {
        let failure = state.withLock { state in
            if state.failure == nil { state.sent.append(notice) }
            return state.failure
        }
        if let failure { throw failure }
        return NoticeReceipt(providerReference: "\(channel.rawValue)-\(sent.count)")
    }
}

/// The outbox and its answers, over the test app's store and clock, with fake carriers.
struct NoticeKit {
    let app: TestApp
    let whatsapp = FakeCarrier(.whatsapp)
    let sms = FakeCarrier(.sms)
    let keyring = NoticeKeyring()

    var dependencies: Dependencies {
        Dependencies(store: app.database.store, now: app.clock.nowFunction, auth: TestApp.auth)
    }

    var outbox: NoticeService {
        NoticeService(
            store: app.database.store, carriers: NoticeCarriers([whatsapp, sms]), keyring: keyring,
            now: app.clock.nowFunction, publicURL: "https://112.sidoarjokab.go.id", logger: Logger(label: "test"))
    }

    var answers: NoticeAnswers {
        NoticeAnswers(
            store: app.database.store, incidents: IncidentService(dependencies: dependencies), keyring: keyring,
            now: app.clock.nowFunction, logger: Logger(label: "test"))
    }

    static let officer = "+6281234567890"

    /// Damkar's ladder: WhatsApp to the duty officer, SMS a minute later, then phone the post.
    func setDamkarLadder() async throws {
        let response = try await app.send(
            .put, "/agencies/3515-damkar/notice-ladder",
            json: [
                "rungs": [
                    ["channel": "whatsapp", "recipient": "0812-3456-7890", "label": "Piket Damkar"],
                    ["channel": "sms", "recipient": "081234567890", "label": "Piket Damkar", "afterSeconds": 60],
                    ["channel": "phone", "recipient": "(031) 894-1234", "label": "Pos Damkar", "afterSeconds": 60],
                ]
            ], as: .sidoarjoAdmin)
        #expect(response.status == .ok, "\(response.text)")
    }

    /// Opens a fire and forwards it to Damkar; returns the incident's id.
    func forwardedFire() async throws -> String {
        let id = try #require(try await app.openIncident()["incident.id"] as? String)
        let response = try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"]])
        #expect(response.status == .created)
        return id
    }

    func notices(_ id: String) async throws -> [[String: Any]] {
        try await app.send(.get, "/incidents/\(id)/notices")["notices"] as? [[String: Any]] ?? []
    }

    func incident(_ id: String) async throws -> TestResponse { try await app.send(.get, "/incidents/\(id)") }

    func steps(_ id: String) async throws -> [String] {
        let events = try await app.send(.get, "/incidents/\(id)/events")["items"] as? [[String: Any]] ?? []
        return events.compactMap { event in
            guard event["type"] as? String == "noticeReported", let data = event["data"] as? [String: Any] else {
                return nil
            }
            return "\(data["channel"] ?? "")/\(data["step"] ?? "")"
        }
    }
}

@Suite("Notices: reaching an agency by itself, rung after rung, until it acknowledges")
struct NoticeOutboxTests {
    @Test("A forward writes the ladder's notices with it; each is sent when its moment comes, then the phone task")
    func ladderClimbs() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            // when
            let waiting = try await kit.notices(id)
            let first = try await kit.outbox.sendDue()
            app.clock.advance(by: 60)
            let second = try await kit.outbox.sendDue()
            app.clock.advance(by: 60)
            let third = try await kit.outbox.sendDue()
            // then
            #expect(waiting.map { $0["channel"] as? String } == ["whatsapp", "sms", "phone"])
            #expect(waiting.map { $0["state"] as? String } == ["waiting", "waiting", "waiting"])
            #expect((first, second, third) == (1, 1, 1))
            #expect(kit.whatsapp.sent.count == 1 && kit.sms.sent.count == 1)
            let sms = try #require(kit.sms.sent.first)
            #expect(sms.recipient == "6281234567890")
            #expect(sms.text.contains("Balas TERIMA \(sms.replyCode)"))
            #expect(sms.text.hasPrefix("112 3515-"))
            #expect(try await kit.steps(id) == ["whatsapp/sent", "sms/sent", "phone/phoneTask"])
            let dispatch = try await kit.incident(id)["dispatches.0"] as? [String: Any]
            let reach = try #require(dispatch?["reach"] as? [String: Any])
            #expect(reach["step"] as? String == "phoneTask")
            #expect((reach["phoneTask"] as? [String: Any])?["phone"] as? String == "+62318941234")
        }
    }

    @Test("A provider that is down gets retries with backoff and a visible failure; one that refuses, none")
    func failuresRetryThenGiveUp() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            kit.whatsapp.fail(with: .unavailable("HTTP 503"))
            // when
            try await kit.outbox.sendDue()
            let retry = try await kit.notices(id)[0]
            app.clock.advance(by: 5)
            kit.whatsapp.fail(with: .refused("recipient is not a WhatsApp user"))
            try await kit.outbox.sendDue()
            // then
            #expect(retry["state"] as? String == "waiting" && retry["attempts"] as? Int == 1)
            #expect(retry["lastError"] as? String == "HTTP 503")
            let final = try await kit.notices(id)[0]
            #expect(final["state"] as? String == "undelivered" && final["attempts"] as? Int == 2)
            #expect(try await kit.steps(id) == ["whatsapp/failed", "whatsapp/undelivered"])
            let reach = try await kit.incident(id)["dispatches.0.reach"] as? [String: Any]
            #expect(reach?["anyFailed"] as? Bool == true)
        }
    }

    @Test("The officer's SMS reply acknowledges the dispatch by SMS, timed, and the rest of the ladder stops")
    func smsReplyAcknowledges() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            try await kit.outbox.sendDue()
            app.clock.advance(by: 60)
            try await kit.outbox.sendDue()
            let code = try #require(kit.sms.sent.first?.replyCode)
            app.clock.advance(by: 20)
            // when
            let answer = try await kit.answers.record(
                .reply(.sms, text: "terima \(code)", from: NoticeSender(address: "6281234567890")), address: nil)
            // then
            guard case .acknowledged = answer else { Issue.record("expected acknowledged, got \(answer)"); return }
            let dispatch = try #require(try await kit.incident(id)["dispatches.0"] as? [String: Any])
            #expect(dispatch["status"] as? String == "acknowledged")
            let acknowledgement = try #require(dispatch["acknowledgement"] as? [String: Any])
            #expect(acknowledgement["channel"] as? String == "sms")
            #expect((acknowledgement["acknowledgedBy"] as? String)?.contains("Piket Damkar") == true)
            #expect(try await kit.notices(id).map { $0["state"] as? String } == ["sent", "acknowledged", "stopped"])
            app.clock.advance(by: 60)
            #expect(try await kit.outbox.sendDue() == 0)
        }
    }

    @Test("A delivery or read receipt is on the timeline and never counts as the acknowledgement")
    func receiptsAreNotAcknowledgements() async throws {
        try await TestApp.run { app in
            // given
            let kit = NoticeKit(app: app)
            try await kit.setDamkarLadder()
            let id = try await kit.forwardedFire()
            try await kit.outbox.sendDue()
            // when
            try await kit.answers.record(
                .delivery(.whatsapp, providerReference: "whatsapp-1", .delivered), address: nil)
            try await kit.answers.record(.delivery(.whatsapp, providerReference: "whatsapp-1", .read), address: nil)
            // then
            #expect(try await kit.steps(id) == ["whatsapp/sent", "whatsapp/delivered", "whatsapp/read"])
            #expect(try await kit.incident(id)["dispatches.0.status"] as? String == "notified")
            #expect(try await kit.notices(id)[0]["state"] as? String == "read")
        }
    }
}
