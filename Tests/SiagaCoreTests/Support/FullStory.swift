import Foundation
import SiagaCore
import SiagaTestSupport

/// Stories that between them produce every event type, for tests that must see each case once.
enum FullStory {
    /// A fire that is classified, located, re-prioritised, noted, linked to a second call, forwarded to Damkar and
    /// Polresta (Damkar's WhatsApp fails and its phone task is raised; Polresta declines and is re-routed to BPBD, whose dispatch is then cancelled), worked by Damkar
    /// to completion (which resolves it), with a warning, a breach and an escalation on the way, closed, reopened, dispatched again and finally cancelled: every
    /// ``IncidentEvent`` case.
    /// A quake BMKG reported opens an incident awaiting verification; the call taker verifies it (a factory is on
    /// fire after the shaking) and forwards it: the events a system-opened incident adds to ``incident()``'s.
    static func quakeIncident() throws -> IncidentScenario {
        var report = CreateIncident(
            regionCode: Region.sidoarjo.code,
            classification: Classification(category: "bencana-alam", subcategory: nil),
            description: "Gempa M6.1 (BMKG 20261207143521): dirasakan MMI V di Sidoarjo")
        report.verification = VerificationRequest(source: "bmkg", reference: "20261207143521")
        var story = try IncidentScenario(report, by: .system("bmkg"))
        try story.run(.verify(note: "Camat Waru: pabrik kerupuk terbakar setelah gempa"))
        try story.run(.forward(agencies: [.damkar], proposal: nil, reason: nil))
        return story
    }

    /// A fire offered to Kota Surabaya's 112, overdue, withdrawn, offered to Blitar and declined, then offered
    /// to Surabaya again and accepted; and the incident Surabaya opened from it.
    static func transferredIncident() throws -> [IncidentEvent] {
        var story = IncidentScenario.fixture(.classified)
        let surabaya = PeerCenter(
            regionCode: RegionCode("35.78")!, name: "112 Kota Surabaya", phone: "031-112", isLocal: false)
        let blitar = PeerCenter(regionCode: Region.blitar.code, name: "112 Kabupaten Blitar", phone: nil, isLocal: true)
        let (first, second, third) = (TransferID("transfer-1"), TransferID("transfer-2"), TransferID("transfer-3"))
        try story.run(
            .transfer(
                .request(
                    first, to: surabaya, reason: "Lokasi di Gayungan", answerDue: story.now.addingTimeInterval(150))))
        try story.run(.transfer(.markUnanswered(first)), by: .system("transfer"), after: 90)
        try story.run(.transfer(.withdraw(first, reason: "Sudah ditelepon")))
        try story.run(
            .transfer(.request(second, to: blitar, reason: "Uji", answerDue: story.now.addingTimeInterval(150))))
        try story.run(.transfer(.answer(second, .declined(reason: "Bukan wilayah kami"))), by: .system("peer"))
        try story.run(
            .transfer(
                .request(
                    third, to: surabaya, reason: "Lokasi di Gayungan", answerDue: story.now.addingTimeInterval(150))))
        try story.run(.transfer(.answer(third, .accepted(incidentNumber: "3578-261207-0003"))), by: .system("peer"))
        var report = CreateIncident(regionCode: RegionCode("35.78")!, description: "Kebakaran rumah di Gayungan")
        report.transferredFrom = TransferOrigin(
            transferID: third, region: Region.sidoarjo.code, centerName: "Command Center 112 Kabupaten Sidoarjo",
            incidentNumber: story.incident.number.description)
        return story.events + (try IncidentScenario(report, id: IncidentID("incident-2")).events)
    }

    static func incident() throws -> IncidentScenario {
        var story = IncidentScenario.fixture(.logged)
        try story.run(.classify(Classification(category: "kebakaran", subcategory: "gedung"), priority: nil))
        try story.run(.locate(Location(address: "Pabrik kerupuk, Jl. Raya Waru", source: .operator)))
        try story.run(.changePriority(.p2, reason: "Penghuni sudah keluar"))
        try story.run(.addNote("Pelapor kedua: asap terlihat dari tol"))
        try story.run(.linkCall(CallID("call-2"), callerNumber: PhoneNumber("085711112222")))
        try story.run(.forward(agencies: [.damkar, .polresta], proposal: nil, reason: nil))
        story.report(
            .noticeReported(
                .init(
                    agencyID: .damkar, channel: .whatsapp, rung: 0, recipient: "Piket Damkar •••••••••7890",
                    step: .failed, attempt: 1, detail: "HTTP 503")))
        story.report(
            .noticeReported(
                .init(
                    agencyID: .damkar, channel: .phone, rung: 1, recipient: "Pos Damkar",
                    step: .phoneTask, phone: "+62318941234")))
        // Damkar lets its P2 alarm (120 s) wait through warning, breach and the first escalation.
        story.watch(after: 100)
        story.watch(after: 80)
        try story.run(.updateDispatch(.polresta, .decline(reason: "Bukan kewenangan")), by: .supervisor)
        try story.run(.updateDispatch(.polresta, .reroute(to: .bpbd, reason: "Perlu evakuasi")), by: .supervisor)
        try story.run(.updateDispatch(.bpbd, .cancel(reason: "Evakuasi tidak diperlukan")), by: .supervisor)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: "Pak Joko", channel: .radio)))
        try story.run(.updateDispatch(.damkar, .assignUnit(.damkarWaru1)), by: .damkarOperator)
        try story.run(.updateDispatch(.damkar, .markEnRoute(.damkarWaru1)), by: .damkarOperator)
        try story.run(.updateDispatch(.damkar, .markOnScene(.damkarWaru1)), by: .damkarOperator)
        try story.run(.addAttachment(.damkarPhoto), by: .damkarOperator)
        try story.run(.updateDispatch(.damkar, .complete(DispatchOutcome(summary: "Api padam"))), by: .damkarOperator)
        try story.run(.close(note: nil), by: .supervisor)
        try story.run(.reopen(reason: "Api menyala lagi"), by: .supervisor)
        try story.run(.dispatch(.damkar, note: "Api menyala lagi"), by: .supervisor)
        try story.run(.cancel(reason: "Digabung ke kejadian lain"), by: .supervisor)
        return story
    }

    /// An emergency call that rang out to the fallback group, drops, gets a call back that goes unanswered, then
    /// the handset's AML position arrives: every ``CallEvent`` case.
    static func call() throws -> CallScenario {
        var story = CallScenario.fixture(.active)
        try story.run(.alarm(.unanswered), by: .telephony)
        try story.run(.dispose(.emergency, incidentID: IncidentID("incident-1"), note: "Kebakaran rumah"))
        try story.run(.end(dropped: true), by: .telephony)
        try story.run(.attemptCallback(.noAnswer, note: nil), after: 60)
        try story.run(
            .locate(
                Location(coordinate: Coordinate(latitude: -7.35, longitude: 112.77), source: .aml, accuracyMeters: 12)),
            by: .telephony)
        return story
    }
}
