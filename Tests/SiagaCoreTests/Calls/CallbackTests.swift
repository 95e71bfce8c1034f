import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Call lifecycle: ending and call backs")
struct CallbackTests {
    @Test("A call that ends before anyone answers is abandoned, and a call back is due a minute later")
    func unansweredCallIsAbandoned() throws {
        // given
        var scenario = CallScenario.fixture(.ringing)

        // when
        let events = try scenario.run(.end(dropped: false), by: .telephony, after: 20)

        // then
        #expect(events.map(\.type) == [.callDispositioned, .callEnded, .callbackScheduled])
        #expect(try #require(events[0].dispositioned).disposition == .abandoned)
        #expect(try #require(events[1].ended).dropped)
        let callback = try #require(scenario.call.callback)
        #expect(callback.reason == .abandoned)
        #expect(callback.createdAt == Date.t0.addingTimeInterval(20))
        #expect(callback.dueAt == Date.t0.addingTimeInterval(20 + 60))
        #expect(callback.isOpen)
        #expect(scenario.call.status == .ended)
    }

    @Test("A ringing call already marked abandoned is not marked again when it ends")
    func abandonedWhileRinging() throws {
        // given
        var scenario = CallScenario.fixture(.ringing)
        try scenario.run(.dispose(.abandoned, incidentID: nil, note: nil), by: .telephony)

        // when
        let events = try scenario.run(.end(dropped: true), by: .telephony)

        // then
        #expect(events.map(\.type) == [.callEnded, .callbackScheduled])
    }

    @Test("An answered call that drops before any disposition gets a call back")
    func droppedWithoutDisposition() throws {
        // given
        var scenario = CallScenario.fixture(.active)

        // when
        let events = try scenario.run(.end(dropped: true), by: .telephony, after: 40)

        // then
        #expect(events.map(\.type) == [.callEnded, .callbackScheduled])
        let scheduled = try #require(events.last?.callbackScheduled)
        #expect(scheduled.reason == .dropped)
        #expect(scheduled.dueAt == scenario.now.addingTimeInterval(CallLifecycle.callbackDelay))
        #expect(scenario.call.dropped)
    }

    @Test("An emergency call that drops gets a call back")
    func droppedEmergency() throws {
        // given
        var scenario = CallScenario.fixture(.active)
        try scenario.run(.dispose(.emergency, incidentID: IncidentID("incident-1"), note: nil))

        // when
        try scenario.run(.end(dropped: true), by: .telephony)

        // then
        #expect(scenario.call.callback?.reason == .dropped)
    }

    @Test(
        "A call that drops once known to be no emergency gets no call back",
        arguments: [
            CallDisposition.prank, .information, .silent, .wrongNumber, .test, .duplicate,
        ])
    func droppedNonEmergency(disposition: CallDisposition) throws {
        // given
        var scenario = CallScenario.fixture(.active)
        try scenario.run(.dispose(disposition, incidentID: nil, note: nil))

        // when
        let events = try scenario.run(.end(dropped: true), by: .telephony)

        // then
        #expect(events.map(\.type) == [.callEnded])
        #expect(scenario.call.callback == nil)
    }

    @Test("A call the call taker finished normally gets no call back")
    func hungUpNormally() throws {
        // given
        var scenario = CallScenario.fixture(.active)

        // when
        let events = try scenario.run(.end(dropped: false))

        // then
        #expect(events.map(\.type) == [.callEnded])
        #expect(scenario.call.dropped == false)
        #expect(scenario.call.callback == nil)
    }

    @Test(
        "With no caller number there is nobody to call back",
        arguments: [
            Call.FixtureState.abandoned, .dropped,
        ])
    func noNumberNoCallback(state: Call.FixtureState) {
        // given, when
        let call = Call.fixture(state, from: nil)

        // then
        #expect(call.status == .ended)
        #expect(call.callback == nil)
    }

    @Test(
        "Whether an attempt finishes the call back depends on its outcome",
        arguments: [
            (CallbackTask.Outcome.reached, false),
            (.noAnswer, true),
            (.busy, true),
            (.unreachable, true),
            (.invalidNumber, false),
        ])
    func attemptOutcome(outcome: CallbackTask.Outcome, stillOpen: Bool) throws {
        // given
        var scenario = CallScenario.fixture(.abandoned)

        // when
        try scenario.run(.attemptCallback(outcome, note: nil), by: .callTaker, after: 50)

        // then
        let callback = try #require(scenario.call.callback)
        #expect(callback.isOpen == stillOpen)
        #expect(callback.attempts.map(\.outcome) == [outcome])
        #expect(callback.attempts.first?.by == .callTaker)
        #expect(callback.attempts.first?.at == scenario.now)
    }

    @Test("Attempts are kept in order until the caller is reached")
    func attemptsAccumulate() throws {
        // given
        var scenario = CallScenario.fixture(.abandoned)

        // when
        try scenario.run(.attemptCallback(.noAnswer, note: nil), after: 60)
        try scenario.run(.attemptCallback(.busy, note: nil), after: 300)
        try scenario.run(.attemptCallback(.reached, note: "Salah pencet, tidak darurat"), after: 300)

        // then
        #expect(scenario.call.callback?.attempts.map(\.outcome) == [.noAnswer, .busy, .reached])
        #expect(scenario.call.callback?.isOpen == false)
    }

    @Test("No attempt is taken on a call back that is done")
    func attemptOnClosedTask() throws {
        // given
        var scenario = CallScenario.fixture(.abandoned)
        try scenario.run(.attemptCallback(.reached, note: nil))

        // when, then
        #expect(throws: TransitionError.noOpenCallback) {
            try CallLifecycle.decide(.attemptCallback(.noAnswer, note: nil), on: scenario.call, now: scenario.now)
        }
    }

    @Test("No attempt is taken on a call that has no call back")
    func attemptWithoutTask() {
        // given
        let call = Call.fixture(.ended(.information))

        // when, then
        #expect(throws: TransitionError.noOpenCallback) {
            try CallLifecycle.decide(.attemptCallback(.reached, note: nil), on: call, now: .t0)
        }
    }
}
