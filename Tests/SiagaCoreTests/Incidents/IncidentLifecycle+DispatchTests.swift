import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident lifecycle: dispatch")
struct IncidentDispatchTests {
    @Test("An incident must be classified before it is dispatched")
    func dispatchNeedsClassification() {
        // given
        let incident = Incident.fixture(.logged)

        // when, then
        #expect(throws: TransitionError.classificationRequired) {
            try IncidentLifecycle.decide(.dispatch(.damkar, note: nil), on: incident, rules: .demo)
        }
    }

    @Test("An agency the region does not have cannot be dispatched")
    func unknownAgency() {
        // given
        let incident = Incident.fixture(.classified)
        let blitarDamkar = AgencyID("3505-damkar")

        // when, then
        #expect(throws: TransitionError.unknownAgency(blitarDamkar)) {
            try IncidentLifecycle.decide(.dispatch(blitarDamkar, note: nil), on: incident, rules: .demo)
        }
    }

    @Test("The same agency cannot receive the incident twice")
    func sameAgencyTwice() {
        // given
        let incident = Incident.fixture(.dispatched)

        // when, then
        #expect(throws: TransitionError.alreadyDispatched(.damkar)) {
            try IncidentLifecycle.decide(.dispatch(.damkar, note: "Kirim ulang"), on: incident, rules: .demo)
        }
    }

    @Test("A second agency joins a dispatched incident, after the first")
    func secondAgencyJoins() throws {
        // given
        var scenario = IncidentScenario.fixture(.dispatched)

        // when
        let events = try scenario.run(.dispatch(.psc119, note: "Ada korban luka bakar"), after: 120)

        // then
        #expect(try #require(events.first?.dispatched).agencyID == .psc119)
        #expect(scenario.incident.dispatches.map(\.agencyID) == [.damkar, .psc119])
        #expect(scenario.incident.dispatches.last?.note == "Ada korban luka bakar")
        #expect(scenario.incident.dispatches.last?.dispatchedAt == scenario.now)
        #expect(scenario.incident.dispatches.last?.dispatchedBy == .callTaker)
    }
}

@Suite("Incident lifecycle: linked calls")
struct IncidentLinkedCallTests {
    @Test("A call already linked to the incident cannot be linked again")
    func sameCallTwice() {
        // given
        let incident = Incident.fixture(.logged, callID: CallID("call-1"))

        // when, then
        #expect(throws: TransitionError.callAlreadyLinked(CallID("call-1"))) {
            try IncidentLifecycle.decide(.linkCall(CallID("call-1"), callerNumber: nil), on: incident, rules: .demo)
        }
    }

    @Test("A second caller about the same fire is linked without replacing the first caller's number")
    func secondCallerIsLinked() throws {
        // given
        var scenario = IncidentScenario.fixture(.dispatched)
        let neighbour = try #require(PhoneNumber("085711112222"))

        // when
        try scenario.run(.linkCall(CallID("call-2"), callerNumber: neighbour))

        // then
        #expect(scenario.incident.callIDs == [CallID("call-1"), CallID("call-2")])
        #expect(scenario.incident.callerNumber == .demoCaller)
    }

    @Test("Linking a call to an incident opened without one gives it the caller's number")
    func firstLinkedCallerBecomesTheCaller() throws {
        // given
        var scenario = try IncidentScenario(
            CreateIncident(regionCode: Region.sidoarjo.code, description: "Laporan dari pos kamling"))
        let caller = try #require(PhoneNumber("031-8941234"))

        // when
        try scenario.run(.linkCall(CallID("call-3"), callerNumber: caller))

        // then
        #expect(scenario.incident.callerNumber == caller)
    }
}

@Suite("Incident lifecycle: resolve, close and reopen")
struct IncidentResolutionTests {
    @Test("Closing records the close time after the resolution")
    func closeRecordsTime() throws {
        // given, when
        let scenario = IncidentScenario.fixture(.closed)

        // then
        let incident = scenario.incident
        #expect(incident.status == .closed)
        #expect(incident.resolution == "Api padam, tidak ada korban jiwa")
        #expect(incident.closedAt == scenario.now)
        #expect(try #require(incident.resolvedAt) < scenario.now)
    }

    @Test("Reopening a resolved incident that agencies had returns it to dispatched and clears the resolution")
    func reopenResolvedReturnsToDispatched() throws {
        // given
        var scenario = IncidentScenario.fixture(.resolved)

        // when
        try scenario.run(.reopen(reason: "Api menyala lagi"), by: .supervisor)

        // then
        #expect(scenario.incident.status == .dispatched)
        #expect(scenario.incident.resolution == nil)
        #expect(scenario.incident.resolvedAt == nil)
        #expect(scenario.incident.dispatches.map(\.agencyID) == [.damkar])
    }

    @Test("Reopening a closed incident returns it to dispatched and clears the close")
    func reopenClosedReturnsToDispatched() throws {
        // given
        var scenario = IncidentScenario.fixture(.closed)

        // when
        try scenario.run(.reopen(reason: "Korban ternyata masih di dalam"), by: .supervisor)

        // then
        #expect(scenario.incident.status == .dispatched)
        #expect(scenario.incident.closedAt == nil)
        #expect(scenario.incident.resolvedAt == nil)
    }

    @Test("Reopening an incident resolved by phone, with no agency, returns it to logged")
    func reopenWithoutDispatchReturnsToLogged() throws {
        // given
        var scenario = IncidentScenario.fixture(.classified)
        try scenario.run(.resolve(summary: "Pelapor dipandu memadamkan kompor"))

        // when
        try scenario.run(.reopen(reason: "Api membesar"), by: .supervisor)

        // then
        #expect(scenario.incident.status == .logged)
        #expect(scenario.incident.dispatches.isEmpty)
    }

    @Test("A cancelled incident keeps the reason it was cancelled")
    func cancellationKeepsReason() {
        // given, when
        let incident = Incident.fixture(.cancelled)

        // then
        #expect(incident.status == .cancelled)
        #expect(incident.cancellationReason == "Laporan palsu: tidak ada kebakaran")
    }
}
