import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

/// The deadlines a console counts down to: decided here, so the console only subtracts.
@Suite("Response times: the deadlines of running steps")
struct ResponseDeadlineTests {
    let policy = ResponsePolicy.defaults

    /// A P1 fire forwarded to Damkar; the scenario's clock stands at the dispatch.
    func dispatched() throws -> IncidentScenario {
        var story = IncidentScenario.fixture(.classified)
        try story.run(.dispatch(.damkar, note: nil), after: 30)
        return story
    }

    @Test("A waiting dispatch is warned at the policy's share of its target and due at the target")
    func waitingDispatchHasItsTargetsDeadlines() throws {
        // given
        let story = try dispatched()
        let start = try #require(story.incident.dispatches.first?.dispatchedAt)

        // when
        let deadlines = story.incident.runningDeadlines(under: policy)

        // then: call processing ended with the forward; alarm answering runs, P1's target 60 s
        let step = try #require(deadlines.only)
        #expect(step.clock == .init(.alarmAnswering, agencyID: .damkar, startedAt: start))
        #expect(step.targetSeconds == 60)
        #expect(step.warnAt == start.addingTimeInterval(48))
        #expect(step.dueAt == start.addingTimeInterval(60))
        #expect(step.state(at: start.addingTimeInterval(47)) == .onTime)
        #expect(step.state(at: start.addingTimeInterval(48)) == .warning)
        #expect(step.state(at: start.addingTimeInterval(60)) == .overdue)
    }

    @Test("An agency's own commitment for the priority wins over its commitment for all and the region's")
    func agencysCommitmentDecidesItsDeadline() throws {
        // given
        let story = try dispatched()
        var committed = policy
        committed.targets += [
            .init(.alarmAnswering, nil, seconds: 45, agencyID: .damkar),
            .init(.alarmAnswering, .p1, seconds: 30, agencyID: .damkar),
        ]

        // when
        let step = try #require(story.incident.runningDeadlines(under: committed).only)

        // then
        #expect(step.targetSeconds == 30)
        #expect(step.dueAt == step.clock.startedAt.addingTimeInterval(30))
    }

    @Test("A recorded breach is overdue whatever the time, and an ended step has no deadline")
    func breachStaysAndEndedStepsHaveNone() throws {
        // given
        var story = try dispatched()
        story.watch(after: 60)
        let breached = try #require(story.incident.runningDeadlines(under: policy).only)

        // when
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)), after: 1)

        // then
        #expect(breached.breached)
        #expect(breached.state(at: breached.clock.startedAt) == .overdue)
        let next = try #require(story.incident.runningDeadlines(under: policy).only)
        #expect(next.clock.interval == .unitAssignment)
        #expect(!next.breached)
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
