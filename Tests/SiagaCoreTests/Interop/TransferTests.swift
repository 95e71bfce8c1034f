import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Handing an incident over to a neighbouring 112 center")
struct TransferTests {
    static let surabaya = PeerCenter(
        regionCode: RegionCode("35.78")!, name: "112 Kota Surabaya", phone: "031-112", isLocal: false)
    static let first = TransferID("transfer-1")

    /// A classified fire in Sidoarjo, offered to Surabaya with an answer due in 90 s.
    static func offered() throws -> IncidentScenario {
        var scenario = IncidentScenario.fixture(.classified)
        try scenario.run(
            .transfer(
                .request(
                    first, to: surabaya, reason: "Lokasi kebakaran di Gayungan, wilayah Surabaya",
                    answerDue: scenario.now.addingTimeInterval(150))))
        return scenario
    }

    @Test("Accepted: the request names the neighbour, the answer records its incident number, nothing stays open")
    func accepted() throws {
        // given
        var scenario = try Self.offered()
        let transfer = try #require(scenario.incident.openTransfer)
        #expect(transfer.peerName == "112 Kota Surabaya" && transfer.state == .requested)

        // when
        try scenario.run(.transfer(.answer(Self.first, .accepted(incidentNumber: "3578-261207-0003"))))

        // then
        let answered = try #require(scenario.incident.transfer(Self.first))
        #expect(answered.state == .accepted)
        #expect(answered.peerIncidentNumber == "3578-261207-0003")
        #expect(answered.answeredAt == scenario.now)
        #expect(scenario.incident.openTransfer == nil)
        #expect(scenario.events.suffix(2).map(\.type) == [.transferRequested, .transferAccepted])
    }

    @Test("One neighbour at a time, never the incident's own region, and a second answer is refused")
    func oneAtATime() throws {
        var scenario = try Self.offered()
        let blitar = PeerCenter(regionCode: Region.blitar.code, name: "112 Blitar", phone: nil, isLocal: true)
        #expect(throws: TransitionError.transferPending(Self.first, peer: "112 Kota Surabaya")) {
            try scenario.run(
                .transfer(.request(TransferID("transfer-2"), to: blitar, reason: "Coba", answerDue: scenario.now)))
        }
        try scenario.run(.transfer(.answer(Self.first, .declined(reason: "Alamat di wilayah Sidoarjo"))))
        #expect(scenario.incident.transfer(Self.first)?.endReason == "Alamat di wilayah Sidoarjo")
        #expect(throws: TransitionError.transferNotOpen(Self.first, state: .declined)) {
            try scenario.run(.transfer(.answer(Self.first, .accepted(incidentNumber: "3578-261207-0004"))))
        }
        let own = PeerCenter(regionCode: Region.sidoarjo.code, name: "112 Sidoarjo", phone: nil, isLocal: true)
        #expect(throws: TransitionError.transferToOwnRegion) {
            try scenario.run(.transfer(.request(TransferID("transfer-3"), to: own, reason: "x", answerDue: .t0)))
        }
        #expect(throws: TransitionError.unknownTransfer(TransferID("nope"))) {
            try scenario.run(.transfer(.withdraw(TransferID("nope"), reason: "x")))
        }
    }

    @Test("Overdue: marked unanswered once with the number to phone; a late acceptance is still recorded")
    func unansweredThenLate() throws {
        var scenario = try Self.offered()
        let overdue = try scenario.run(.transfer(.markUnanswered(Self.first)), by: .system("transfer"))
        #expect(overdue == [.transferUnanswered(.init(transferID: Self.first, peerPhone: "031-112"))])
        #expect(scenario.incident.openTransfer?.state == .unanswered)
        #expect(try scenario.run(.transfer(.markUnanswered(Self.first))).isEmpty)
        try scenario.run(.transfer(.answer(Self.first, .accepted(incidentNumber: "3578-261207-0003"))))
        #expect(scenario.incident.transfer(Self.first)?.state == .accepted)
        #expect(try scenario.run(.transfer(.markUnanswered(Self.first))).isEmpty)
    }

    @Test("Withdrawn by the call taker, after which another neighbour may be asked")
    func withdrawn() throws {
        var scenario = try Self.offered()
        try scenario.run(.transfer(.withdraw(Self.first, reason: "Sudah ditelepon langsung")))
        #expect(scenario.incident.transfer(Self.first)?.state == .withdrawn)
        let blitar = PeerCenter(regionCode: Region.blitar.code, name: "112 Blitar", phone: nil, isLocal: true)
        try scenario.run(
            .transfer(.request(TransferID("transfer-2"), to: blitar, reason: "Coba", answerDue: scenario.now)))
        #expect(scenario.incident.openTransfer?.peer == Region.blitar.code)
    }

    @Test("An incident opened from a handover names where it came from, right after it was created")
    func received() throws {
        var report = CreateIncident(regionCode: RegionCode("35.78")!, description: "Kebakaran rumah di Gayungan")
        let origin = TransferOrigin(
            transferID: Self.first, region: Region.sidoarjo.code, centerName: "Command Center 112 Sidoarjo",
            incidentNumber: "3515-261207-0007")
        report.transferredFrom = origin
        let scenario = try IncidentScenario(report)
        #expect(scenario.events.map(\.type) == [.created, .transferReceived])
        #expect(scenario.incident.transferredFrom == origin)
    }

    /// The Sidoarjo fire as EIDO, offered to Surabaya.
    static func offer(reason: String = "Lokasi di Gayungan") throws -> TransferOffer {
        let scenario = try offered()
        let issuer = EIDODocument.Issuer(
            element: "siaga112.3515", centerName: "Command Center 112 Sidoarjo", utcOffsetHours: 7,
            agencyName: { $0.rawValue }, agencyKind: { _ in nil }, categoryName: { $0 })
        let eido = EIDODocument(
            exporting: scenario.incident, notes: [(scenario.now, "Rumah terbakar")], issuer: issuer, withCaller: false)
        return TransferOffer(
            transferID: first, fromRegion: Region.sidoarjo.code, fromName: "Command Center 112 Sidoarjo",
            fromIncidentNumber: scenario.incident.number.description, toRegion: RegionCode("35.78")!, reason: reason,
            priority: .p1, answerDue: scenario.now.addingTimeInterval(90), eido: eido)
    }

    @Test("A received request is answered once: accepted with its new incident, then no decline")
    func receivedAnsweredOnce() throws {
        let pending = try Self.offer().received(at: .t0)
        #expect(pending.state == .pending && pending.origin.region == Region.sidoarjo.code)
        #expect(pending.summary.contains("Asap tebal"))
        let accepted = try pending.accepted(
            by: .callTaker, at: .t0, incident: IncidentID("incident-9"), number: "3578-261207-0003")
        #expect(accepted.state == .accepted && accepted.incidentNumber == "3578-261207-0003")
        #expect(throws: TransitionError.receivedTransferNotPending(Self.first, state: .accepted)) {
            try accepted.declined(by: .callTaker, at: .t0, reason: "x")
        }
    }

    @Test("A request with no reason and a broken EIDO is refused with every problem named")
    func malformedOffer() throws {
        var offer = try Self.offer(reason: "  ")
        offer.eido.eidoVersion = "0.9"
        offer.eido.agencyComponent = []
        offer.fromName = ""
        #expect {
            try offer.received(at: .t0)
        } throws: { error in
            let fields = Set((error as? ValidationError)?.fieldErrors.map(\.field) ?? [])
            return fields == ["reason", "fromName", "eido.eidoVersion", "eido.agencyComponent"]
        }
    }
}
