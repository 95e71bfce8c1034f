import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Test fixtures are what they say")
struct FixtureTests {
    @Test("t0 is 10:00 WIB on 23 November 2026")
    func t0() {
        // given
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = IndonesianTimeZone.wib.timeZone

        // when
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: .t0)

        // then
        #expect(Date.t0 == .utc("2026-11-23T03:00:00Z"))
        #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute] == [2026, 11, 23, 10, 0])
    }

    @Test("The test clock stands still until a test moves it")
    func testClock() {
        // given
        let clock = TestClock()
        let now = clock.nowFunction

        // when
        let before = now()
        clock.advance(by: 90)

        // then
        #expect(before == .t0)
        #expect(now() == Date.t0.addingTimeInterval(90))
        #expect(clock.now() == now())
    }

    @Test(
        "Incident fixtures have the status and classification their state names",
        arguments: [
            (Incident.FixtureState.logged, IncidentStatus.logged, false),
            (.classified, .logged, true),
            (.dispatched, .dispatched, true),
            (.resolved, .resolved, true),
            (.closed, .closed, true),
            (.cancelled, .cancelled, true),
        ])
    func incidentFixture(state: Incident.FixtureState, status: IncidentStatus, classified: Bool) {
        // given, when
        let incident = Incident.fixture(state)

        // then
        #expect(incident.status == status)
        #expect((incident.classification != nil) == classified)
        #expect(incident.regionCode == Region.sidoarjo.code)
        #expect(incident.callIDs == [CallID("call-1")])
    }

    @Test(
        "Call fixtures have the status their state names",
        arguments: [
            (Call.FixtureState.ringing, CallStatus.ringing, nil as CallDisposition?),
            (.active, .active, nil),
            (.ended(.information), .ended, .information),
            (.abandoned, .ended, .abandoned),
            (.dropped, .ended, nil),
        ])
    func callFixture(state: Call.FixtureState, status: CallStatus, disposition: CallDisposition?) {
        // given, when
        let call = Call.fixture(state)

        // then
        #expect(call.status == status)
        #expect(call.disposition == disposition)
        #expect(call.callerNumber == .demoCaller)
    }

    @Test("The demo rules know Sidoarjo's agencies and the default categories")
    func demoRules() {
        // given, when
        let rules = IncidentRules.demo

        // then
        #expect(rules.agencies == [.damkar, .bpbd, .polresta, .psc119])
        #expect(rules.categories == .defaults)
        #expect(AgencyID.damkar.rawValue == "3515-damkar")
    }
}
