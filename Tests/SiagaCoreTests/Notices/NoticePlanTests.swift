import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Notice ladders: who is reached, on what, and when")
struct NoticePlanTests {
    static let damkarLadder = NoticeLadder(rungs: [
        NoticeRung(channel: .whatsapp, recipient: "+6281234567890", label: "Piket Damkar"),
        NoticeRung(channel: .sms, recipient: "+6281234567890", label: "Piket Damkar", afterSeconds: 60),
        NoticeRung(channel: .phone, recipient: "+62318941234", label: "Pos Damkar", afterSeconds: 60),
        NoticeRung(channel: .email, recipient: "kepala@damkar.sidoarjokab.go.id", label: "Kepala", afterSeconds: 120),
    ])

    static func ids() -> () -> NoticeID {
        var next = 0
        return {
            next += 1
            return NoticeID("notice-\(next)")
        }
    }

    @Test("Recipients are stored in one form per channel and a bad one is named by its field")
    func recipientsAreNormalised() throws {
        // given
        let ladder = NoticeLadder(rungs: [
            NoticeRung(channel: .whatsapp, recipient: "0812-3456-7890"),
            NoticeRung(channel: .telegram, recipient: " -1001234567 "),
            NoticeRung(channel: .email, recipient: "Piket@Damkar.go.id"),
            NoticeRung(channel: .sms, recipient: "112", afterSeconds: 4000),
            NoticeRung(channel: .email, recipient: "bukan alamat"),
        ])
        // when
        let result = ladder.validated()
        // then
        guard case .failure(let error) = result else { Issue.record("expected refusal"); return }
        #expect(
            error.fieldErrors == [
                FieldError("rungs[3].recipient", .invalidFormat), FieldError("rungs[3].afterSeconds", .outOfRange),
                FieldError("rungs[4].recipient", .invalidFormat),
            ])
        let good = try NoticeLadder(rungs: Array(ladder.rungs.prefix(3))).validated().get()
        #expect(good.rungs.map(\.recipient) == ["+6281234567890", "-1001234567", "piket@damkar.go.id"])
    }

    @Test("A forward to an agency with a ladder owes one notice per rung, each due after the one before")
    func forwardSchedulesTheLadder() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        let events = try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: "uji"))
        // when
        let notices = NoticePlan.notices(
            for: events, of: story.incident, at: story.now, ladders: [.damkar: Self.damkarLadder],
            newID: Self.ids(), replyCode: { "4821" })
        // then
        #expect(notices.map(\.channel) == [.whatsapp, .sms, .phone, .email])
        #expect(notices.allSatisfy { $0.agencyID == .damkar && $0.state == .waiting && $0.replyCode == "4821" })
        #expect(notices.map { $0.dueAt.timeIntervalSince(story.now) } == [0, 60, 120, 240])
        #expect(notices.map(\.rung) == [0, 1, 2, 3])
    }

    @Test("Acknowledging, declining or a re-route stops the agency's ladder; resolving stops every agency's")
    func whatStopsTheLadder() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: "uji"))
        // when
        let acknowledged = try story.run(
            .updateDispatch(.damkar, .acknowledge(acknowledgedBy: "Pak Joko", channel: .sms)))
        let declined = try story.run(.updateDispatch(.psc119, .decline(reason: "Ambulans habis")))
        // then
        #expect(NoticePlan.stopped(by: acknowledged, of: story.incident) == [.damkar])
        #expect(NoticePlan.stopped(by: declined, of: story.incident) == [.psc119])
        let cancelled = try story.run(.updateDispatch(.damkar, .cancel(reason: "Salah kirim")))
        let resolved = try story.run(.resolve(summary: "Api padam"))
        #expect(NoticePlan.stopped(by: cancelled, of: story.incident) == [.damkar])
        #expect(NoticePlan.stopped(by: resolved, of: story.incident) == [.damkar, .psc119])
    }

    @Test("A notice step is on the dispatch: the latest step, any failure, and the phone task with its number")
    func noticeStepsFollowTheDispatch() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        let events = try story.run(.forward(agencies: [.damkar], proposal: nil, reason: "uji"))
        let notices = NoticePlan.notices(
            for: events, of: story.incident, at: story.now, ladders: [.damkar: Self.damkarLadder],
            newID: Self.ids(), replyCode: { "4821" })
        var incident = story.incident
        let metadata = EventMetadata(at: story.now, actor: .system("notice"))
        // when
        incident.evolve(NoticePlan.report(notices[0], .failed, attempt: 1, detail: "503"), metadata)
        incident.evolve(NoticePlan.report(notices[1], .sent, attempt: 1), metadata)
        incident.evolve(NoticePlan.report(notices[2], .phoneTask), metadata)
        incident.evolve(NoticePlan.report(notices[0], .delivered), metadata)
        // then
        let reach = try #require(incident.dispatches[0].reach)
        #expect(reach.rung == 2 && reach.step == .phoneTask && reach.anyFailed)
        #expect(reach.phoneTask?.phone == "+62318941234")
        #expect(incident.dispatches[0].status == .notified)
        guard case .noticeReported(let report) = NoticePlan.report(notices[1], .sent) else { return }
        #expect(report.recipient == "Piket Damkar ••••••••••7890")
        #expect(report.phone == nil)
    }

    @Test("A reply's code is read however it is typed, and a reply without one has none")
    func replyCodes() {
        #expect(NoticePlan.replyCode(in: "TERIMA 4821") == "4821")
        #expect(NoticePlan.replyCode(in: "terima4821") == "4821")
        #expect(NoticePlan.replyCode(in: "Ok, 4821 meluncur") == "4821")
        #expect(NoticePlan.replyCode(in: "siap meluncur") == nil)
        #expect(NoticePlan.replyCode(in: "TERIMA 48213") == nil)
    }

    @Test("A failed hand-over is tried again after 5, 10, 20 s … up to 2 minutes, then given up")
    func retries() {
        let t0 = Date(timeIntervalSince1970: 0)
        #expect(
            (1...6).map { NoticeRetry.next(after: $0, failedAt: t0)?.timeIntervalSince1970 } == [
                5, 10, 20, 40, 80, 120,
            ])
        #expect(NoticeRetry.next(after: NoticeRetry.maxAttempts, failedAt: t0) == nil)
    }
}
