import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident transition table")
struct IncidentTransitionTableTests {
    /// One allowed move: an action on an incident in `status` produces `event` and leaves the incident in `then`.
    struct Transition: Sendable, CustomTestStringConvertible {
        var status: IncidentStatus
        var action: IncidentAction
        var events: [IncidentEvent.EventType]
        var then: IncidentStatus

        init(
            _ status: IncidentStatus, _ action: IncidentAction, _ event: IncidentEvent.EventType, _ then: IncidentStatus
        ) {
            self.init(status, action, [event], then)
        }

        init(
            _ status: IncidentStatus, _ action: IncidentAction, _ events: [IncidentEvent.EventType],
            _ then: IncidentStatus
        ) {
            self.status = status
            self.action = action
            self.events = events
            self.then = then
        }

        var testDescription: String { "\(status) + \(action) → \(events), \(then)" }
    }

    /// Every allowed (status, action) pair, written out by hand. Any pair not listed must be refused.
    /// `create` is in no row: incidents are only opened by `IncidentLifecycle.create`.
    static let allowed: [Transition] = [
        Transition(.logged, .classify, .classified, .logged),
        Transition(.logged, .locate, .located, .logged),
        Transition(.logged, .changePriority, .priorityChanged, .logged),
        Transition(.logged, .addNote, .noteAdded, .logged),
        Transition(.logged, .linkCall, .callLinked, .logged),
        Transition(.logged, .dispatch, .dispatched, .dispatched),
        Transition(.logged, .resolve, .resolved, .resolved),
        Transition(.logged, .cancel, .cancelled, .cancelled),
        Transition(.logged, .forward, [.forwarded, .dispatched], .dispatched),
        Transition(.logged, .addAttachment, .attachmentAdded, .logged),
        Transition(.logged, .verify, .verified, .logged),
        Transition(.logged, .transfer, .transferRequested, .logged),
        Transition(.logged, .transferOutcome, .transferAccepted, .logged),

        Transition(.dispatched, .classify, .classified, .dispatched),
        Transition(.dispatched, .locate, .located, .dispatched),
        Transition(.dispatched, .changePriority, .priorityChanged, .dispatched),
        Transition(.dispatched, .addNote, .noteAdded, .dispatched),
        Transition(.dispatched, .linkCall, .callLinked, .dispatched),
        Transition(.dispatched, .dispatch, .dispatched, .dispatched),
        Transition(.dispatched, .resolve, .resolved, .resolved),
        Transition(.dispatched, .cancel, .cancelled, .cancelled),
        Transition(.dispatched, .forward, [.forwarded, .dispatched], .dispatched),
        Transition(.dispatched, .updateDispatch, .dispatchRerouted, .dispatched),
        Transition(.dispatched, .addAttachment, .attachmentAdded, .dispatched),
        Transition(.dispatched, .transfer, .transferRequested, .dispatched),
        Transition(.dispatched, .transferOutcome, .transferAccepted, .dispatched),

        Transition(.resolved, .classify, .classified, .resolved),
        Transition(.resolved, .locate, .located, .resolved),
        Transition(.resolved, .changePriority, .priorityChanged, .resolved),
        Transition(.resolved, .addNote, .noteAdded, .resolved),
        Transition(.resolved, .linkCall, .callLinked, .resolved),
        Transition(.resolved, .close, .closed, .closed),
        Transition(.resolved, .addAttachment, .attachmentAdded, .resolved),
        Transition(.resolved, .reopen, .reopened, .dispatched),
        Transition(.resolved, .transferOutcome, .transferAccepted, .resolved),

        Transition(.closed, .addNote, .noteAdded, .closed),
        Transition(.closed, .linkCall, .callLinked, .closed),
        Transition(.closed, .addAttachment, .attachmentAdded, .closed),
        Transition(.closed, .reopen, .reopened, .dispatched),
        Transition(.closed, .transferOutcome, .transferAccepted, .closed),

        Transition(.cancelled, .addNote, .noteAdded, .cancelled),
        Transition(.cancelled, .linkCall, .callLinked, .cancelled),
        Transition(.cancelled, .addAttachment, .attachmentAdded, .cancelled),
        Transition(.cancelled, .reopen, .reopened, .logged),
        Transition(.cancelled, .transferOutcome, .transferAccepted, .cancelled),
    ]

    static let forbidden: [(IncidentStatus, IncidentAction)] = IncidentStatus.allCases.flatMap { status in
        IncidentAction.allCases
            .filter { action in action != .create && !allowed.contains { $0.status == status && $0.action == action } }
            .map { (status, $0) }
    }

    @Test("An allowed action produces its event and moves the incident as the table says", arguments: allowed)
    func allowedActionProducesItsEvent(_ transition: Transition) throws {
        // given
        var scenario =
            transition.action == .verify ? try Self.quakeAwaitingVerification() : Self.scenario(in: transition.status)
        try #require(scenario.incident.status == transition.status)
        // A neighbour's answer needs a request it answers: one made while the incident was open.
        if transition.action == .transferOutcome { scenario.report(Self.openRequest, by: .callTaker) }

        // when
        let events = try scenario.run(Self.command(for: transition.action))

        // then
        #expect(events.map(\.type) == transition.events)
        #expect(scenario.incident.status == transition.then)
        #expect(scenario.incident.verifyInvariants())
    }

    @Test("A forbidden action is refused, naming the action and the status", arguments: forbidden)
    func forbiddenActionIsRefused(status: IncidentStatus, action: IncidentAction) throws {
        // given
        let incident = Self.scenario(in: status).incident
        try #require(incident.status == status)

        // when, then
        #expect(throws: TransitionError.incidentActionNotAllowed(action, status: status)) {
            try IncidentLifecycle.decide(Self.command(for: action), on: incident, rules: .demo)
        }
    }

    @Test("The table covers every status and action, and IncidentStatus.allows agrees with it")
    func allowsAgreesWithTheTable() {
        // given
        let pairs = IncidentStatus.allCases.flatMap { status in IncidentAction.allCases.map { (status, $0) } }

        // when
        let disagreements = pairs.filter { status, action in
            let listed = Self.allowed.contains { $0.status == status && $0.action == action }
            return status.allows(action) != listed
        }

        // then
        let commandActions = IncidentAction.allCases.count - 1  // every action but create
        #expect(Self.allowed.count + Self.forbidden.count == IncidentStatus.allCases.count * commandActions)
        #expect(disagreements.isEmpty, "allows(_:) differs from the table for \(disagreements)")
    }

    /// An incident BMKG's quake opened, logged and waiting for a call taker to verify it: the only kind `verify`
    /// applies to.
    static func quakeAwaitingVerification() throws -> IncidentScenario {
        var report = CreateIncident(
            regionCode: RegionCode("35.15")!,
            classification: Classification(category: "bencana-alam", subcategory: nil),
            description: "Gempa M6.1 (BMKG 20261207143521)")
        report.verification = VerificationRequest(source: "bmkg", reference: "20261207143521")
        return try IncidentScenario(report, by: .system("bmkg"))
    }

    /// An incident in `status` on which every allowed sample command passes the content rules: classified,
    /// with agencies left to dispatch, priority P1 and only `call-1` linked. The dispatched one has Damkar's
    /// dispatch declined, so it can be re-routed, and resolved by hand with no agency still at work.
    static func scenario(in status: IncidentStatus) -> IncidentScenario {
        switch status {
        case .logged: .fixture(.classified)
        case .dispatched:
            {
                var scenario = IncidentScenario.fixture(.dispatched)
                _ = try! scenario.run(.updateDispatch(.damkar, .decline(reason: "Semua armada sedang bertugas")))
                return scenario
            }()
        case .resolved: .fixture(.resolved)
        case .closed: .fixture(.closed)
        case .cancelled: .fixture(.cancelled)
        }
    }

    /// A request to Kota Surabaya's 112, still open.
    static let openRequest = IncidentEvent.transferRequested(
        .init(
            transferID: TransferID("transfer-1"), peer: RegionCode("35.78")!, peerName: "112 Kota Surabaya",
            peerPhone: "031-112", reason: "Lokasi di wilayah Surabaya", answerDue: .t0.addingTimeInterval(3_600)))

    static func command(for action: IncidentAction) -> IncidentCommand {
        switch action {
        case .create: preconditionFailure("create is not a command on an existing incident")
        case .classify: .classify(Classification(category: "bencana-alam", subcategory: "banjir"), priority: nil)
        case .locate: .locate(Location(address: "Depan Pasar Waru", source: .caller))
        case .changePriority: .changePriority(.p3, reason: "Api sudah dikendalikan warga")
        case .addNote: .addNote("Pelapor menelepon lagi")
        case .linkCall: .linkCall(CallID("call-2"), callerNumber: nil)
        case .dispatch: .dispatch(.bpbd, note: nil)
        case .resolve: .resolve(summary: "Selesai ditangani")
        case .close: .close(note: nil)
        case .reopen: .reopen(reason: "Api menyala lagi")
        case .cancel: .cancel(reason: "Laporan ganda")
        case .forward: .forward(agencies: [.bpbd], proposal: nil, reason: nil)
        case .updateDispatch: .updateDispatch(.damkar, .reroute(to: .bpbd, reason: "Damkar menolak, dialihkan ke BPBD"))
        case .addAttachment: .addAttachment(.photo)
        case .verify: .verify(note: "Dicek ke camat: dinding rumah retak")
        case .transfer:
            .transfer(
                .request(
                    TransferID("transfer-2"),
                    to: PeerCenter(
                        regionCode: RegionCode("35.78")!, name: "112 Kota Surabaya", phone: nil, isLocal: true),
                    reason: "Lokasi di wilayah Surabaya", answerDue: .t0.addingTimeInterval(3_600)))
        case .transferOutcome:
            .transfer(.answer(TransferID("transfer-1"), .accepted(incidentNumber: "3578-261207-0003")))
        }
    }
}
