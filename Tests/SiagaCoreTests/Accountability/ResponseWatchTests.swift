import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

/// The SLA engine's decisions: warnings at a share of the target, the breach at it, then escalation.
@Suite("Response times: warnings, breaches and escalation")
struct ResponseWatchTests {
    let defaults = ResponsePolicyVersion.defaults(for: Region.sidoarjo.code)

    /// A fire forwarded to Damkar at `priority`; the scenario's clock stands at the dispatch.
    func dispatched(_ priority: Priority = .p1) throws -> IncidentScenario {
        var story = IncidentScenario.fixture(.classified)
        if priority != story.incident.priority {
            try story.run(.changePriority(priority, reason: "Dinilai ulang"))
        }
        try story.run(.dispatch(.damkar, note: nil), after: 30)
        return story
    }

    func stages(_ events: [IncidentEvent]) -> [ResponseStage] {
        events.compactMap {
            switch $0 {
            case .responseWarning(let mark), .responseBreached(let mark), .escalated(let mark): mark.stage
            default: nil
            }
        }
    }

    @Test(
        "An agency that does not acknowledge is warned at 80 % of its target and breaches at the target",
        arguments: [(Priority.p1, 60), (.p2, 120), (.p3, 300), (.p4, 900)])
    func agencyThatDoesNotAcknowledgeIsWarnedThenBreaches(priority: Priority, target: Int) throws {
        // given
        var story = try dispatched(priority)
        let warningAt = Double(target) * 0.8

        // when, then
        #expect(story.watch(after: warningAt - 1).isEmpty)
        #expect(stages(story.watch(after: 1)) == [.warning])
        #expect(story.watch(after: Double(target) - warningAt - 1).isEmpty)
        #expect(stages(story.watch(after: 1)) == [.breach, .supervisor])
    }

    @Test("A breach escalates to the supervisor, then the agency's head, then the leadership")
    func agencyThatDoesNotAcknowledgeWithinSLAIsEscalated() throws {
        // given: P1, alarm answering target 60 s
        var story = try dispatched(.p1)

        // when, then
        #expect(stages(story.watch(after: 60)) == [.breach, .supervisor])
        #expect(stages(story.watch(after: 29)).isEmpty)
        #expect(stages(story.watch(after: 1)) == [.agencyHead])
        #expect(stages(story.watch(after: 30)) == [.leadership])
        #expect(story.watch(after: 3600).isEmpty)
        let escalated = story.incident.responseMarks.filter { $0.stage == .agencyHead }
        #expect(escalated.map(\.agencyID) == [.damkar])
        #expect(escalated.map(\.dueAt) == [escalated[0].startedAt.addingTimeInterval(90)])
    }

    @Test("Each mark is recorded once, however often the engine looks")
    func marksAreRecordedOnce() throws {
        // given
        var story = try dispatched(.p1)
        story.watch(after: 48)

        // when
        let again = ResponseWatch.due(story.incident, policy: defaults, now: story.now)

        // then
        #expect(again.isEmpty)
        #expect(story.incident.responseMarks.map(\.stage) == [.warning])
    }

    @Test("A server that was down through several stages records the breach and every escalation, not the warning")
    func missedStagesAreRecordedTogether() throws {
        // given
        var story = try dispatched(.p1)

        // when
        let events = story.watch(after: 600)

        // then
        #expect(stages(events) == [.breach, .supervisor, .agencyHead, .leadership])
        #expect(ResponseWatch.nextDue(story.incident, policy: defaults.policy) == nil)
    }

    @Test("Acknowledging stops the alarm clock and starts the unit-assignment clock")
    func acknowledgingStopsTheAlarmClock() throws {
        // given
        var story = try dispatched(.p1)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)), after: 40)

        // when: 2 min (the P1 unit-assignment target) after the acknowledgement
        let events = story.watch(after: 120)

        // then
        let marks = story.incident.responseMarks
        #expect(stages(events) == [.breach, .supervisor])
        #expect(marks.allSatisfy { $0.interval == .unitAssignment && $0.targetSeconds == 120 })
    }

    @Test(
        "Every step of a dispatch breaches at its own P1 target",
        arguments: [
            (ResponseInterval.unitAssignment, 120), (.turnoutAndTravel, 780), (.onSceneHandling, 4 * 3600),
        ])
    func eachStepBreachesAtItsTarget(interval: ResponseInterval, target: Int) throws {
        // given: the dispatch taken up to the start of `interval`
        var story = try dispatched(.p1)
        try story.run(.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)), after: 10)
        if interval >= .turnoutAndTravel {
            try story.run(.updateDispatch(.damkar, .assignUnit(.damkarWaru1)), by: .damkarOperator, after: 10)
        }
        if interval >= .onSceneHandling {
            try story.run(.updateDispatch(.damkar, .markEnRoute(.damkarWaru1)), by: .damkarOperator, after: 10)
            try story.run(.updateDispatch(.damkar, .markOnScene(.damkarWaru1)), by: .damkarOperator, after: 10)
        }

        // when, then
        #expect(story.watch(after: Double(target) - 1).allSatisfy { stages([$0]) == [.warning] })
        let breach = story.watch(after: 1)
        #expect(stages(breach) == [.breach, .supervisor])
        #expect(story.incident.responseMarks.last?.interval == interval)
    }

    @Test("Call processing runs from the call's answer to the first forward, and escalates without an agency head")
    func callProcessingIsTheCommandCentersOwn() throws {
        // given: answered 20 s before the incident was opened; P2 while unclassified (target 90 s)
        let answeredAt = Date.t0.addingTimeInterval(-20)
        var command = CreateIncident(regionCode: Region.sidoarjo.code, description: "Tabrakan", callID: CallID("c"))
        command.callAnsweredAt = answeredAt
        var story = try IncidentScenario(command)

        // when
        let events = story.watch(after: 160)

        // then: due at 90 s (breach, supervisor) and 180 s (leadership) after the answer, not after creation
        #expect(stages(events) == [.breach, .supervisor, .leadership])
        #expect(story.incident.responseMarks.map(\.interval) == Array(repeating: .callProcessing, count: 3))
        #expect(story.incident.responseMarks.first?.dueAt == answeredAt.addingTimeInterval(90))
    }

    @Test("An agency's own commitment overrides the region's default for that agency only")
    func agencyCommitmentOverridesDefault() throws {
        // given: Damkar committed to acknowledge a P1 within 30 s (Perbup)
        var policy = ResponsePolicy.defaults
        policy.targets.append(
            .init(.alarmAnswering, .p1, seconds: 30, agencyID: .damkar, basis: "Perbup Sidoarjo 12/2024"))
        let version = ResponsePolicyVersion(
            regionCode: Region.sidoarjo.code, version: 3, policy: policy, author: .supervisor, at: .t0, reason: "")
        var story = IncidentScenario.fixture(.classified)
        try story.run(.forward(agencies: [.damkar, .polresta], proposal: nil, reason: nil), after: 30)

        // when
        let events = story.watch(after: 30, policy: version)

        // then
        let breaches = story.incident.responseMarks.filter { $0.stage == .breach }
        #expect(stages(events).contains(.breach))
        #expect(breaches.map(\.agencyID) == [.damkar])
        #expect(breaches.map(\.targetSeconds) == [30])
        #expect(breaches.map(\.policyVersion) == [3])
        #expect(policy.target(.alarmAnswering, .p1, agency: .polresta) == 60)
    }

    @Test("A raised priority brings the deadline forward")
    func raisedPriorityShortensTheDeadline() throws {
        // given: a P3 dispatch (300 s) 100 s old
        var story = try dispatched(.p3)
        #expect(story.watch(after: 100).isEmpty)

        // when
        try story.run(.changePriority(.p1, reason: "Ada korban terjebak"), after: 0)

        // then: P1's 60 s target and the agency head's 90 s have passed, the leadership's 120 s not yet
        #expect(stages(story.watch(after: 0)) == [.breach, .supervisor, .agencyHead])
    }

    @Test("A declined or cancelled dispatch and a closed incident stop their clocks")
    func endedWorkStopsTheClock() throws {
        // given
        var declined = try dispatched(.p1)
        try declined.run(.updateDispatch(.damkar, .decline(reason: "Bukan kewenangan")), after: 20)
        var cancelled = IncidentScenario.fixture(.cancelled)

        // when, then
        #expect(declined.watch(after: 3600).isEmpty)
        #expect(cancelled.watch(after: 3600).isEmpty)
        #expect(declined.incident.responseClocks.first { $0.interval == .alarmAnswering }?.duration == 20)
    }

    @Test("The next due moment is the earliest unrecorded stage of any running clock")
    func nextDueIsTheEarliestStage() throws {
        // given
        var story = try dispatched(.p1)
        let dispatchedAt = story.now

        // when, then
        #expect(ResponseWatch.nextDue(story.incident, policy: defaults.policy) == dispatchedAt.addingTimeInterval(48))
        story.watch(after: 48)
        #expect(ResponseWatch.nextDue(story.incident, policy: defaults.policy) == dispatchedAt.addingTimeInterval(60))
    }
}
