import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Forwarding and dispatch rules")
struct DispatchLifecycleTests {
    static let proposal = RoutingProposal(primary: .damkar, supporting: [.psc119], matrixVersion: 3)

    @Test("Forwarding as the matrix proposes needs no reason and records the matrix version on each dispatch")
    func forwardAsProposed() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        // when
        let events = try story.run(.forward(agencies: [.damkar, .psc119], proposal: Self.proposal, reason: nil))
        // then
        #expect(events.map(\.type) == [.forwarded, .dispatched, .dispatched])
        #expect(story.incident.dispatches.map(\.agencyID) == [.damkar, .psc119])
        #expect(story.incident.dispatches.allSatisfy { $0.matrixVersion == 3 && $0.status == .notified })
    }

    @Test("A choice that differs from the proposal is refused without a reason, and recorded with one")
    func deviationNeedsReason() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        // when, then
        #expect(throws: TransitionError.deviationReasonRequired) {
            try IncidentLifecycle.decide(
                .forward(agencies: [.damkar, .polresta], proposal: Self.proposal, reason: nil), on: story.incident,
                rules: .demo)
        }
        let events = try story.run(
            .forward(
                agencies: [.damkar, .polresta], proposal: Self.proposal, reason: "Penghuni terjebak, perlu polisi"))
        guard case .forwarded(let forwarded) = events[0] else { Issue.record("expected forwarded first"); return }
        #expect(forwarded.added == [.polresta])
        #expect(forwarded.removed == [.psc119])
        #expect(forwarded.reason == "Penghuni terjebak, perlu polisi")
    }

    @Test("Forwarding refuses an empty choice, an unknown agency and an agency already working on the incident")
    func forwardRefusals() {
        let classified = Incident.fixture(.classified)
        let dispatched = Incident.fixture(.dispatched)
        #expect(throws: TransitionError.noAgencyChosen) {
            try IncidentLifecycle.decide(
                .forward(agencies: [], proposal: nil, reason: nil), on: classified, rules: .demo)
        }
        #expect(throws: TransitionError.unknownAgency(AgencyID("3515-pln"))) {
            try IncidentLifecycle.decide(
                .forward(agencies: [AgencyID("3515-pln")], proposal: nil, reason: nil), on: classified, rules: .demo)
        }
        #expect(throws: TransitionError.alreadyDispatched(.damkar)) {
            try IncidentLifecycle.decide(
                .forward(agencies: [.damkar], proposal: nil, reason: nil), on: dispatched, rules: .demo)
        }
        #expect(throws: TransitionError.classificationRequired) {
            try IncidentLifecycle.decide(
                .forward(agencies: [.damkar], proposal: nil, reason: nil), on: .fixture(.logged), rules: .demo)
        }
    }

    @Test("An agency without a console is reached by its channel, and the call taker records its acknowledgement")
    func acknowledgementOnBehalf() throws {
        // given: BPBD works by WhatsApp
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.bpbd], proposal: nil, reason: nil))
        #expect(story.incident.currentDispatch(of: .bpbd)?.channel == .whatsapp)
        // when
        try story.run(
            .updateDispatch(.bpbd, .acknowledge(acknowledgedBy: "Bu Rina, piket BPBD", channel: .phone)), by: .callTaker
        )
        // then
        let ack = try #require(story.incident.currentDispatch(of: .bpbd)?.acknowledgement)
        #expect(ack.acknowledgedBy == "Bu Rina, piket BPBD")
        #expect(ack.channel == .phone)
        #expect(ack.recordedBy == .callTaker)
    }

    @Test("Only an available unit of the dispatched agency can be assigned, once")
    func unitAssignmentRules() throws {
        // given
        var story = IncidentScenario.fixture(.dispatched)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)))
        let incident = story.incident
        func assign(_ unit: UnitID) throws {
            _ = try IncidentLifecycle.decide(.updateDispatch(.damkar, .assignUnit(unit)), on: incident, rules: .demo)
        }
        // then
        #expect(throws: TransitionError.unitOfAnotherAgency(.psc119Ambulans1, agency: .psc119)) {
            try assign(.psc119Ambulans1)
        }
        #expect(throws: TransitionError.unitOutOfService(.damkarCandi1)) { try assign(.damkarCandi1) }
        #expect(throws: TransitionError.unknownUnit(UnitID("x"))) { try assign(UnitID("x")) }
        try story.run(.updateDispatch(.damkar, .assignUnit(.damkarWaru1)))
        #expect(story.incident.currentDispatch(of: .damkar)?.units.map(\.callsign) == ["DAMKAR WARU 1"])
        #expect(throws: TransitionError.unchanged(.updateDispatch)) {
            try IncidentLifecycle.decide(
                .updateDispatch(.damkar, .assignUnit(.damkarWaru1)), on: story.incident, rules: .demo)
        }
    }

    @Test("The incident is resolved when its last active dispatch completes, not before")
    func resolvedWhenEveryAgencyIsDone() throws {
        // given
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: nil))
        for agency in [AgencyID.damkar, .psc119] {
            try story.run(.updateDispatch(agency, .acknowledge(acknowledgedBy: nil, channel: nil)))
        }
        // when
        let first = try story.run(
            .updateDispatch(.psc119, .complete(DispatchOutcome(summary: "Korban dirujuk ke RSUD", injured: 1))))
        #expect(first.map(\.type) == [.dispatchCompleted])
        #expect(throws: TransitionError.activeDispatches([.damkar])) {
            try IncidentLifecycle.decide(.resolve(summary: "Selesai"), on: story.incident, rules: .demo)
        }
        let last = try story.run(.updateDispatch(.damkar, .complete(DispatchOutcome(summary: "Api padam."))))
        // then
        #expect(last.map(\.type) == [.dispatchCompleted, .resolved])
        #expect(story.incident.status == .resolved)
        #expect(story.incident.resolution == "Korban dirujuk ke RSUD Api padam.")
    }

    @Test("A declined dispatch needs re-routing; re-routing hands it to another agency")
    func declineThenReroute() throws {
        // given
        var story = IncidentScenario.fixture(.dispatched)
        // when
        try story.run(.updateDispatch(.damkar, .decline(reason: "Semua armada di lokasi lain")), by: .damkarOperator)
        #expect(story.incident.needsRerouting)
        #expect(throws: TransitionError.alreadyDispatched(.damkar)) {
            try IncidentLifecycle.decide(
                .updateDispatch(.damkar, .reroute(to: .damkar, reason: "x")), on: story.incident, rules: .demo)
        }
        try story.run(.updateDispatch(.damkar, .reroute(to: .bpbd, reason: "BPBD punya mobil tangki")), by: .supervisor)
        // then
        #expect(!story.incident.needsRerouting)
        #expect(story.incident.dispatches.map(\.status) == [.rerouted, .notified])
        #expect(story.incident.dispatches[0].reroutedTo == .bpbd)
        #expect(story.incident.currentDispatch(of: .bpbd)?.channel == .whatsapp)
    }

    @Test("An agency can be dispatched again after declining")
    func redispatchAfterDecline() throws {
        var story = IncidentScenario.fixture(.dispatched)
        try story.run(.updateDispatch(.damkar, .decline(reason: "Armada habis")))
        try story.run(.dispatch(.damkar, note: "Armada sudah kembali"))
        #expect(story.incident.dispatches.map(\.status) == [.declined, .notified])
        #expect(story.incident.verifyInvariants())
    }

    @Test("Cancelling an incident withdraws every active dispatch first")
    func cancelWithdrawsDispatches() throws {
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: nil))
        let events = try story.run(.cancel(reason: "Laporan palsu"), by: .supervisor)
        #expect(events.map(\.type) == [.dispatchCancelled, .dispatchCancelled, .cancelled])
        #expect(story.incident.dispatches.allSatisfy { $0.status == .cancelled })
    }

    @Test("A dispatch step for an agency that never had the incident is refused")
    func stepWithoutDispatch() {
        #expect(throws: TransitionError.noDispatch(.psc119)) {
            try IncidentLifecycle.decide(
                .updateDispatch(.psc119, .acknowledge(acknowledgedBy: nil, channel: nil)), on: .fixture(.dispatched),
                rules: .demo)
        }
    }

    @Test("Outcome counts must be plausible and the summary present")
    func outcomeValidation() {
        let problems = DispatchOutcome(summary: " ", injured: -1, deaths: 20_000_000).problems()
        #expect(problems.map(\.field) == ["outcome.summary", "outcome.injured", "outcome.deaths"])
    }
}

@Suite("Forwarding and dispatch rules: what must not be forgotten")
struct DispatchSafetyTests {
    @Test("A unit already assigned to another incident is not offered twice")
    func unitOnOneIncidentAtATime() throws {
        var story = IncidentScenario.fixture(.dispatched)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)))
        var rules = IncidentRules.demo
        rules.units[.damkarWaru1]?.status = .enRoute
        #expect(throws: TransitionError.unitBusy(.damkarWaru1, status: .enRoute)) {
            try IncidentLifecycle.decide(
                .updateDispatch(.damkar, .assignUnit(.damkarWaru1)), on: story.incident, rules: rules)
        }
    }

    @Test("An agency that declined keeps the incident open when the others finish, flagged for re-routing")
    func declinedIsNotForgotten() throws {
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .psc119], proposal: nil, reason: nil))
        try story.run(.updateDispatch(.psc119, .decline(reason: "Ambulans habis")))
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)))
        let events = try story.run(
            .updateDispatch(.damkar, .complete(DispatchOutcome(summary: "Api padam, 2 korban menunggu ambulans"))))
        #expect(events.map(\.type) == [.dispatchCompleted])
        #expect(story.incident.status == .dispatched)
        #expect(story.incident.needsRerouting)
    }

    @Test("A proposal names only agencies still active")
    func proposalWithoutInactiveAgencies() {
        let proposal = RoutingProposal(primary: .damkar, supporting: [.psc119, .polresta], matrixVersion: 2)
        let restricted = proposal.restricted(to: [.damkar, .polresta])
        #expect(restricted.agencies == [.damkar, .polresta])
        #expect(proposal.restricted(to: [.polresta]).primary == nil)
    }

    @Test("Units of two agencies whose ids would collide are refused, not merged")
    func collidingUnitIDs() {
        let agencies = [
            Agency(
                id: AgencyID("3672-damkar"), regionCode: RegionCode("36.72")!, code: "damkar", name: "A", kind: .damkar),
            Agency(
                id: AgencyID("3672-damkar-pos"), regionCode: RegionCode("36.72")!, code: "damkar-pos", name: "B",
                kind: .damkar),
        ]
        #expect(throws: CSVRejection([CSVRowError(row: 3, reason: .duplicateRow(firstAt: 2))])) {
            try UnitCSV.parse(
                "agency,code,callsign,kind\ndamkar,pos-1,A1,pemadam\ndamkar-pos,1,B1,pemadam\n", agencies: agencies)
        }
    }
}

@Suite("Dispatch steps name the right units")
struct DispatchUnitStepTests {
    @Test("A unit the dispatch did not send cannot report en route on it")
    func foreignUnit() throws {
        var story = IncidentScenario.fixture(.dispatched)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)))
        try story.run(.updateDispatch(.damkar, .assignUnit(.damkarWaru1)))
        #expect(throws: TransitionError.unitNotOnDispatch(.psc119Ambulans1)) {
            try IncidentLifecycle.decide(
                .updateDispatch(.damkar, .markEnRoute(.psc119Ambulans1)), on: story.incident, rules: .demo)
        }
        try story.run(.updateDispatch(.damkar, .markEnRoute(.damkarWaru1)))
    }

    @Test("An incident whose every dispatch was cancelled is flagged for the supervisor")
    func allCancelled() throws {
        var story = IncidentScenario.fixture(.dispatched)
        try story.run(.updateDispatch(.damkar, .cancel(reason: "Salah kirim")))
        #expect(story.incident.status == .dispatched)
        #expect(story.incident.needsRerouting)
    }
}
