public import Foundation

/// The SLA engine's decisions, pure: which warnings, breaches and escalations an incident owes at a moment, and
/// when the next one falls due. The engine around it only reads, asks and appends.
public enum ResponseWatch {
    /// The marks `incident` should carry by `now` and does not yet, as timeline events in due order. Stages
    /// already recorded are never repeated, so asking twice (or from two servers) records each once. A warning
    /// whose breach is also due (the server was down through both) is skipped: it would warn of the past.
    public static func due(_ incident: Incident, policy: ResponsePolicyVersion, now: Date) -> [IncidentEvent] {
        var marks: [ResponseMark] = []
        for clock in incident.responseClocks where clock.isRunning {
            let pending = pendingStages(of: clock, incident, policy.policy)
            let dueNow = pending.stages.filter { $0.at <= now }
            let breachDue = dueNow.contains { $0.stage == .breach } || pending.recorded.contains(.breach)
            for (stage, at) in dueNow where !(stage == .warning && breachDue) {
                marks.append(
                    ResponseMark(
                        clock: clock.key, stage: stage, targetSeconds: pending.target, dueAt: at,
                        policyVersion: policy.version))
            }
        }
        return marks.sorted { ($0.dueAt, $0.stage) < ($1.dueAt, $1.stage) }.map(\.event)
    }

    /// The earliest moment at which ``due(_:policy:now:)`` will have something to record; `nil` when no clock is
    /// running.
    public static func nextDue(_ incident: Incident, policy: ResponsePolicy) -> Date? {
        incident.responseClocks.compactMap { nextDue(of: $0, in: incident, policy: policy) }.min()
    }

    /// The earliest unrecorded stage of one clock; `nil` when it is not running or has every stage recorded.
    public static func nextDue(of clock: ResponseClock, in incident: Incident, policy: ResponsePolicy) -> Date? {
        guard clock.isRunning else { return nil }
        return pendingStages(of: clock, incident, policy).stages.map(\.at).min()
    }

    /// The clock's target and its stages not yet recorded, each with the moment it falls due.
    private static func pendingStages(of clock: ResponseClock, _ incident: Incident, _ policy: ResponsePolicy)
        -> (target: Int, stages: [(stage: ResponseStage, at: Date)], recorded: Set<ResponseStage>)
    {
        guard let target = policy.target(clock.interval, incident.priority, agency: clock.key.agencyID) else {
            return (0, [], [])
        }
        let recorded = Set(incident.responseMarks.filter { $0.clock == clock.key }.map(\.stage))
        let stages = policy.schedule(target: target, agencyStep: clock.interval.isAgencyStep)
            // A warning missed until its breach was recorded is never due any more.
            .filter { !recorded.contains($0.stage) && !($0.stage == .warning && recorded.contains(.breach)) }
            .map { (stage: $0.stage, at: clock.key.startedAt.addingTimeInterval($0.afterSeconds)) }
        return (target, stages, recorded)
    }
}
