import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Caller history at intake")
struct CallerHistoryTests {
    static let neighbour = PhoneNumber("085711112222")

    @Test("Counts the number's calls by disposition, and only that number's")
    func countsByDisposition() {
        // given
        let calls = [
            Self.call(1, .ended(.prank), hoursAgo: 1),
            Self.call(2, .ended(.prank), hoursAgo: 2),
            Self.call(3, .ended(.information), hoursAgo: 3),
            Self.call(4, .ended(.emergency, incident: IncidentID("incident-1")), hoursAgo: 4),
            Self.call(5, .abandoned, hoursAgo: 5),
            Self.call(6, .active, hoursAgo: 6),
            Call.fixture(.ended(.prank), id: CallID("call-other"), from: Self.neighbour, at: .t0),
        ]

        // when
        let history = Self.summarize(calls)

        // then
        #expect(history.dispositionCounts == [.prank: 2, .information: 1, .emergency: 1, .abandoned: 1])
        #expect(history.recentCalls.count == 6)
    }

    @Test("Lists the number's calls newest first, whatever order they came in")
    func newestFirst() {
        // given
        let calls = [
            Self.call(1, .ended(.information), hoursAgo: 30),
            Self.call(2, .ended(.prank), hoursAgo: 1),
            Self.call(3, .ended(.silent), hoursAgo: 5),
        ]

        // when
        let history = Self.summarize(calls)

        // then
        #expect(history.recentCalls.map(\.id) == [CallID("call-2"), CallID("call-3"), CallID("call-1")])
    }

    @Test("Leaves out the call being answered")
    func excludesCurrentCall() {
        // given
        let current = Call.fixture(.ringing, id: CallID("call-now"), at: .t0)
        let calls = [Self.call(1, .ended(.information), hoursAgo: 2), current]

        // when
        let history = Self.summarize(calls, excluding: current.id)

        // then
        #expect(history.recentCalls.map(\.id) == [CallID("call-1")])
    }

    @Test("Shows the incidents the number's calls are linked to or that name it as caller, newest first")
    func linkedIncidents() {
        // given
        let calls = [
            Self.call(1, .ended(.emergency, incident: IncidentID("incident-old")), hoursAgo: 48),
            Self.call(2, .ended(.duplicate, incident: IncidentID("incident-new")), hoursAgo: 1),
        ]
        let incidents = [
            Incident.fixture(.closed, id: IncidentID("incident-old"), at: .t0.addingTimeInterval(-48 * 3600)),
            Incident.fixture(.dispatched, id: IncidentID("incident-new"), at: .t0.addingTimeInterval(-3600)),
            Incident.fixture(.dispatched, id: IncidentID("incident-unrelated"), at: .t0),
            IncidentScenario.fixture(.logged, id: IncidentID("incident-reported"), callID: nil, at: .t0 - 60).incident,
        ]
        let otherCaller = PhoneNumber("085799998888")!
        let unrelated = incidents.filter { $0.id == IncidentID("incident-unrelated") }.map { incident -> Incident in
            var other = incident
            other.callerNumber = otherCaller
            return other
        }

        // when
        let history = Self.summarize(
            calls, incidents: incidents.filter { $0.id != IncidentID("incident-unrelated") } + unrelated)

        // then
        #expect(
            history.incidents.map(\.id) == [
                IncidentID("incident-reported"), IncidentID("incident-new"), IncidentID("incident-old"),
            ])
    }

    @Test("Without a regional policy nobody is flagged, however many pranks")
    func flagOffByDefault() {
        // given
        let pranks = (1...20).map { Self.call($0, .ended(.prank), hoursAgo: Double($0)) }

        // when
        let history = Self.summarize(pranks, policy: RegionPolicy())

        // then
        #expect(history.dispositionCounts[.prank] == 20)
        #expect(!history.isRepeatPrankCaller)
    }

    @Test(
        "With a policy, a number reaching the threshold within the window is flagged",
        arguments: [
            (2, false), (3, true), (4, true),
        ])
    func flagAtThreshold(pranks: Int, flagged: Bool) {
        // given
        let calls = (1...pranks).map { Self.call($0, .ended(.prank), hoursAgo: Double($0) * 5) }
        let policy = RegionPolicy(repeatPrankThreshold: 3, repeatPrankWindowHours: 24)

        // when
        let history = Self.summarize(calls, policy: policy)

        // then
        #expect(history.isRepeatPrankCaller == flagged)
    }

    @Test("Pranks before the window do not count toward the flag")
    func pranksOutsideWindow() {
        // given
        let calls = [
            Self.call(1, .ended(.prank), hoursAgo: 2),
            Self.call(2, .ended(.prank), hoursAgo: 20),
            Self.call(3, .ended(.prank), hoursAgo: 25),
            Self.call(4, .ended(.prank), hoursAgo: 72),
        ]
        let policy = RegionPolicy(repeatPrankThreshold: 3, repeatPrankWindowHours: 24)

        // when
        let history = Self.summarize(calls, policy: policy)

        // then
        #expect(!history.isRepeatPrankCaller)
        #expect(history.dispositionCounts[.prank] == 4)
    }

    @Test("Only pranks count toward the flag, not silent or wrong-number calls")
    func onlyPranksCount() {
        // given
        let calls = [
            Self.call(1, .ended(.prank), hoursAgo: 1),
            Self.call(2, .ended(.silent), hoursAgo: 2),
            Self.call(3, .ended(.wrongNumber), hoursAgo: 3),
        ]
        let policy = RegionPolicy(repeatPrankThreshold: 2, repeatPrankWindowHours: 24)

        // when
        let history = Self.summarize(calls, policy: policy)

        // then
        #expect(!history.isRepeatPrankCaller)
    }

    static func call(_ index: Int, _ state: Call.FixtureState, hoursAgo: Double) -> Call {
        Call.fixture(state, id: CallID("call-\(index)"), at: .t0.addingTimeInterval(-hoursAgo * 3600))
    }

    static func summarize(
        _ calls: [Call],
        incidents: [Incident] = [],
        excluding current: CallID? = nil,
        policy: RegionPolicy = RegionPolicy()
    ) -> CallerHistory {
        CallerHistory.summarize(
            .demoCaller, calls: calls, incidents: incidents, excluding: current, policy: policy, now: .t0)
    }
}
