import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Dispatch transition table")
struct DispatchTransitionTableTests {
    /// One allowed step: `action` on Damkar's dispatch in `status` leaves it in `then`.
    struct Step: Sendable, CustomTestStringConvertible {
        var status: DispatchStatus
        var action: DispatchAction
        var then: DispatchStatus

        init(_ status: DispatchStatus, _ action: DispatchAction, _ then: DispatchStatus) {
            self.status = status
            self.action = action
            self.then = then
        }

        var testDescription: String { "\(status) + \(action) → \(then)" }
    }

    /// Every allowed step, written out by hand; any pair not listed must be refused with the allowed ones named.
    static let allowed: [Step] = [
        Step(.notified, .acknowledge, .acknowledged), Step(.notified, .decline, .declined),
        Step(.notified, .reroute, .rerouted), Step(.notified, .cancel, .cancelled),
        Step(.acknowledged, .assignUnit, .unitAssigned), Step(.acknowledged, .complete, .completed),
        Step(.acknowledged, .decline, .declined), Step(.acknowledged, .reroute, .rerouted),
        Step(.acknowledged, .cancel, .cancelled),
        Step(.unitAssigned, .markEnRoute, .enRoute), Step(.unitAssigned, .assignUnit, .unitAssigned),
        Step(.unitAssigned, .cancel, .cancelled),
        Step(.enRoute, .markOnScene, .onScene), Step(.enRoute, .assignUnit, .enRoute),
        Step(.enRoute, .cancel, .cancelled),
        Step(.onScene, .complete, .completed), Step(.onScene, .assignUnit, .onScene),
        Step(.onScene, .cancel, .cancelled),
        Step(.declined, .reroute, .rerouted),
    ]

    static let forbidden: [(DispatchStatus, DispatchAction)] = DispatchStatus.allCases.flatMap { status in
        DispatchAction.allCases.filter { action in !allowed.contains { $0.status == status && $0.action == action } }
            .map { (status, $0) }
    }

    /// An incident forwarded to Damkar and PSC 119, with Damkar's dispatch taken to `status`; PSC 119 stays
    /// notified so the incident stays open whatever Damkar does.
    static func scenario(damkar status: DispatchStatus) throws -> IncidentScenario {
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: nil))
        let progression: [DispatchCommand] = [
            .acknowledge(acknowledgedBy: nil, channel: nil), .assignUnit(.damkarWaru1), .markEnRoute(nil),
            .markOnScene(nil), .complete(DispatchOutcome(summary: "Selesai")),
        ]
        let steps: [DispatchCommand] =
            switch status {
            case .notified: []
            case .acknowledged: Array(progression.prefix(1))
            case .unitAssigned: Array(progression.prefix(2))
            case .enRoute: Array(progression.prefix(3))
            case .onScene: Array(progression.prefix(4))
            case .completed: progression
            case .declined: [.decline(reason: "Armada habis")]
            case .rerouted: [.reroute(to: .bpbd, reason: "Wilayah BPBD")]
            case .cancelled: [.cancel(reason: "Tidak diperlukan")]
            }
        for step in steps { try story.run(.updateDispatch(.damkar, step), by: .damkarOperator) }
        return story
    }

    static func command(for action: DispatchAction) -> DispatchCommand {
        switch action {
        case .acknowledge: .acknowledge(acknowledgedBy: nil, channel: nil)
        case .assignUnit: .assignUnit(.damkarSedati1)
        case .markEnRoute: .markEnRoute(.damkarWaru1)
        case .markOnScene: .markOnScene(.damkarWaru1)
        case .complete: .complete(DispatchOutcome(summary: "Api padam", injured: 1))
        case .decline: .decline(reason: "Bukan kewenangan")
        case .reroute: .reroute(to: .bpbd, reason: "Butuh evakuasi")
        case .cancel: .cancel(reason: "Laporan ganda")
        }
    }

    @Test("An allowed step moves the dispatch as the table says", arguments: allowed)
    func allowedStep(_ step: Step) throws {
        // given
        var story = try Self.scenario(damkar: step.status)
        try #require(story.incident.currentDispatch(of: .damkar)?.status == step.status)
        // when
        try story.run(.updateDispatch(.damkar, Self.command(for: step.action)), by: .damkarOperator)
        // then
        #expect(story.incident.currentDispatch(of: .damkar)?.status == step.then || step.action == .reroute)
        if step.action == .reroute {
            #expect(story.incident.dispatches.first { $0.agencyID == .damkar }?.status == .rerouted)
        }
        #expect(story.incident.status == .dispatched)
        #expect(story.incident.verifyInvariants())
    }

    @Test("A step the dispatch's status does not allow is refused with the steps it does allow", arguments: forbidden)
    func forbiddenStep(status: DispatchStatus, action: DispatchAction) throws {
        // given
        let incident = try Self.scenario(damkar: status).incident
        // when, then
        #expect(
            throws: TransitionError.dispatchActionNotAllowed(
                action, agency: .damkar, status: status, allowed: status.nextActions)
        ) {
            try IncidentLifecycle.decide(
                .updateDispatch(.damkar, Self.command(for: action)), on: incident, rules: .demo)
        }
    }

    @Test("The table covers every status and action, and DispatchStatus.allows agrees with it")
    func allowsAgrees() {
        let disagreements = DispatchStatus.allCases.flatMap { status in DispatchAction.allCases.map { (status, $0) } }
            .filter { status, action in
                status.allows(action) != Self.allowed.contains { $0.status == status && $0.action == action }
            }
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(DispatchStatus.allCases.filter(\.isTerminal) == [.completed, .declined, .rerouted, .cancelled])
    }
}
