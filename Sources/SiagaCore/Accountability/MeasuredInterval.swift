public import Foundation

/// One timed step as the reports see it: when it started, whether and when it was done, the target in force, and
/// the dimensions leaders slice by.
public struct MeasuredInterval: Hashable, Sendable {
    public var incidentID: IncidentID?
    public var interval: ResponseInterval
    public var agencyID: AgencyID?
    public var startedAt: Date
    /// When the step was done; `nil` while it runs, or when it stopped without being done.
    public var doneAt: Date?
    public var isRunning: Bool
    public var targetSeconds: Int
    /// A breach was recorded, or the step was done later than its target.
    public var breached: Bool
    public var priority: Priority?
    public var category: String?
    public var kecamatan: RegionCode?
    /// The call taker who answered the call or opened the incident.
    public var callTaker: String?
    /// For an agency's alarm answering: the agency declined rather than acknowledged.
    public var declined: Bool = false

    public init(
        incidentID: IncidentID?, interval: ResponseInterval, agencyID: AgencyID?, startedAt: Date, doneAt: Date?,
        isRunning: Bool, targetSeconds: Int, breached: Bool, priority: Priority?, category: String?,
        kecamatan: RegionCode?, callTaker: String?
    ) {
        self.incidentID = incidentID
        self.interval = interval
        self.agencyID = agencyID
        self.startedAt = startedAt
        self.doneAt = doneAt
        self.isRunning = isRunning
        self.targetSeconds = targetSeconds
        self.breached = breached
        self.priority = priority
        self.category = category
        self.kecamatan = kecamatan
        self.callTaker = callTaker
    }

    /// Seconds from start to done.
    public var duration: TimeInterval? { doneAt.map { $0.timeIntervalSince(startedAt) } }

    /// The moment the target passes.
    public var deadline: Date { startedAt.addingTimeInterval(TimeInterval(targetSeconds)) }

    /// Whether a running step has passed its target at `now`.
    public func isOverdue(at now: Date) -> Bool { isRunning && now >= deadline }
}

extension Incident {
    /// Every clock of the incident as a measured interval under `policy`.
    public func measuredIntervals(policy: ResponsePolicyVersion) -> [MeasuredInterval] {
        let breachedClocks = Set(responseMarks.filter { $0.stage == .breach }.map(\.clock))
        return responseClocks.map { clock in
            let target =
                policy.policy.target(clock.interval, priority, agency: clock.key.agencyID)
                ?? ResponsePolicy.defaults.target(clock.interval, priority) ?? 0
            let late = clock.duration.map { $0 > TimeInterval(target) } ?? false
            var measured = MeasuredInterval(
                incidentID: id, interval: clock.interval, agencyID: clock.key.agencyID,
                startedAt: clock.key.startedAt, doneAt: clock.doneAt, isRunning: clock.isRunning,
                targetSeconds: target, breached: late || breachedClocks.contains(clock.key), priority: priority,
                category: classification?.category, kecamatan: location?.kecamatanCode,
                callTaker: createdBy.description)
            if clock.interval == .alarmAnswering {
                measured.declined = dispatches.contains {
                    $0.agencyID == clock.key.agencyID && $0.dispatchedAt == clock.key.startedAt
                        && $0.acknowledgement == nil && $0.declinedAt != nil
                }
            }
            return measured
        }
    }
}

extension CallFact {
    /// The call-answering step of this call, from ringing to answer, against `target` seconds; a call nobody
    /// answered is not measured and counts as breached, as in the call report.
    public func answeringInterval(target: Int) -> MeasuredInterval {
        MeasuredInterval(
            incidentID: nil, interval: .callAnswering, agencyID: nil, startedAt: ringAt, doneAt: answeredAt,
            isRunning: false, targetSeconds: target, breached: answerSeconds.map { $0 > TimeInterval(target) } ?? true,
            priority: nil, category: nil, kecamatan: nil, callTaker: callTaker)
    }
}
