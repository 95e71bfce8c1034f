import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Call lifecycle: answering and disposition")
struct CallLifecycleTests {
    @Test("A received call rings from the time telephony reports")
    func receivedCallRings() {
        // given
        let ringAt = Date.t0.addingTimeInterval(-8)
        let ring = ReceiveCall(
            regionCode: Region.sidoarjo.code, channel: .voice112, callerNumber: .demoCaller, ringAt: ringAt)

        // when
        let call = CallScenario(ring, at: .t0).call

        // then
        #expect(call.status == .ringing)
        #expect(call.ringAt == ringAt)
        #expect(call.version == 1)
    }

    @Test("Answering a ringing call makes it active and records who answered")
    func answerRingingCall() throws {
        // given
        var scenario = CallScenario.fixture(.ringing)

        // when
        let events = try scenario.run(.answer, by: .callTaker, after: 4)

        // then
        #expect(events == [.answered])
        #expect(scenario.call.status == .active)
        #expect(scenario.call.answeredAt == Date.t0.addingTimeInterval(4))
        #expect(scenario.call.callTaker == .callTaker)
    }

    @Test(
        "A call cannot be answered twice, nor after it ended",
        arguments: [
            (Call.FixtureState.active, CallStatus.active),
            (.abandoned, .ended),
            (.ended(.information), .ended),
        ])
    func answerOnlyWhileRinging(state: Call.FixtureState, status: CallStatus) {
        // given
        let call = Call.fixture(state)

        // when, then
        #expect(throws: TransitionError.callActionNotAllowed(.answer, status: status)) {
            try CallLifecycle.decide(.answer, on: call, now: .t0)
        }
    }

    @Test("An emergency disposition must name its incident")
    func emergencyNeedsIncident() {
        // given
        let call = Call.fixture(.active)

        // when, then
        #expect(throws: TransitionError.incidentRequiredForEmergency) {
            try CallLifecycle.decide(.dispose(.emergency, incidentID: nil, note: nil), on: call, now: .t0)
        }
    }

    @Test("An emergency disposition links the call to its incident")
    func emergencyLinksIncident() throws {
        // given
        var scenario = CallScenario.fixture(.active)

        // when
        let events = try scenario.run(.dispose(.emergency, incidentID: IncidentID("incident-1"), note: nil))

        // then
        #expect(try #require(events.first?.dispositioned).incidentID == IncidentID("incident-1"))
        #expect(scenario.call.disposition == .emergency)
        #expect(scenario.call.incidentID == IncidentID("incident-1"))
    }

    @Test(
        "Only emergency and duplicate calls may carry an incident",
        arguments: [
            CallDisposition.information, .prank, .silent, .wrongNumber, .test,
        ])
    func nonEmergencyCannotCarryIncident(disposition: CallDisposition) {
        // given
        let call = Call.fixture(.active)

        // when, then
        #expect(throws: TransitionError.incidentNotAllowed(disposition)) {
            try CallLifecycle.decide(
                .dispose(disposition, incidentID: IncidentID("incident-1"), note: nil), on: call, now: .t0)
        }
    }

    @Test("A duplicate call may name the incident it repeats, or not", arguments: [IncidentID("incident-1"), nil])
    func duplicateMayNameIncident(incident: IncidentID?) throws {
        // given
        var scenario = CallScenario.fixture(.active)

        // when
        try scenario.run(.dispose(.duplicate, incidentID: incident, note: "Kebakaran yang sama"))

        // then
        #expect(scenario.call.disposition == .duplicate)
        #expect(scenario.call.incidentID == incident)
    }

    @Test("An answered call cannot be marked abandoned")
    func abandonedAfterAnswer() {
        // given
        let call = Call.fixture(.active)

        // when, then
        #expect(throws: TransitionError.abandonedAfterAnswer) {
            try CallLifecycle.decide(.dispose(.abandoned, incidentID: nil, note: nil), on: call, now: .t0)
        }
    }

    @Test("A call nobody answered cannot be given a disposition other than abandoned")
    func dispositionBeforeAnswer() {
        // given
        let call = Call.fixture(.ringing)

        // when, then
        #expect(throws: TransitionError.callActionNotAllowed(.dispose, status: .ringing)) {
            try CallLifecycle.decide(.dispose(.prank, incidentID: nil, note: nil), on: call, now: .t0)
        }
    }

    @Test("Recording the same disposition again changes nothing")
    func sameDispositionIsUnchanged() {
        // given
        let call = Call.fixture(.ended(.prank))

        // when, then
        #expect(throws: TransitionError.dispositionUnchanged) {
            try CallLifecycle.decide(.dispose(.prank, incidentID: nil, note: nil), on: call, now: .t0)
        }
    }

    @Test("A disposition can be corrected after the line closed")
    func dispositionCorrectedAfterEnd() throws {
        // given
        var scenario = CallScenario.fixture(.ended(.information))

        // when
        try scenario.run(.dispose(.prank, incidentID: nil, note: "Anak-anak bermain telepon"))

        // then
        #expect(scenario.call.disposition == .prank)
        #expect(scenario.call.note == "Anak-anak bermain telepon")
    }

    @Test("A call cannot end twice")
    func endTwice() {
        // given
        let call = Call.fixture(.ended(.information))

        // when, then
        #expect(throws: TransitionError.callActionNotAllowed(.end, status: .ended)) {
            try CallLifecycle.decide(.end(dropped: false), on: call, now: .t0)
        }
    }
}
