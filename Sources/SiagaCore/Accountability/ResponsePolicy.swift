/// A region's response-time targets: for each priority and interval a target in seconds, an agency's own
/// commitments where it signed any (under a Perbup, say), when to warn, and how a breach escalates.
/// Versioned like the responsibility matrix: every change is a new version, and each measured interval keeps the
/// target in force when it was measured.
public struct ResponsePolicy: Hashable, Codable, Sendable {
    /// One target. Without an agency it is the region's default; with one it is that agency's commitment, which
    /// overrides the default for that interval (for one priority, or for all when `priority` is absent).
    public struct Target: Hashable, Codable, Sendable {
        public var interval: ResponseInterval
        public var priority: Priority?
        public var agencyID: AgencyID?
        public var seconds: Int
        /// Where the figure comes from: a standard, a regulation, an agency's signed commitment.
        public var basis: String?

        public init(
            _ interval: ResponseInterval, _ priority: Priority?, seconds: Int, agencyID: AgencyID? = nil,
            basis: String? = nil
        ) {
            self.interval = interval
            self.priority = priority
            self.agencyID = agencyID
            self.seconds = seconds
            self.basis = basis
        }

        private enum CodingKeys: String, CodingKey {
            case interval, priority
            case agencyID = "agencyId"
            case seconds, basis
        }
    }

    /// An escalation after the breach, at a multiple of the target (2.0: when twice the target has passed).
    public struct Escalation: Hashable, Codable, Sendable {
        public var stage: ResponseStage
        public var afterTargetTimes: Double

        public init(_ stage: ResponseStage, afterTargetTimes: Double) {
            self.stage = stage
            self.afterTargetTimes = afterTargetTimes
        }
    }

    public static let maxTargetSeconds = 7 * 24 * 3600

    public var targets: [Target]
    /// The share of a target after which a warning is raised (0.8: at 80 %).
    public var warningShare: Double
    public var escalations: [Escalation]

    public init(targets: [Target], warningShare: Double = 0.8, escalations: [Escalation] = Self.defaultEscalations) {
        self.targets = targets
        self.warningShare = warningShare
        self.escalations = escalations
    }

    /// The supervisor is alerted with the breach, the agency's head at one and a half times the target, the
    /// region's leadership at twice.
    public static let defaultEscalations: [Escalation] = [
        .init(.supervisor, afterTargetTimes: 1.0), .init(.agencyHead, afterTargetTimes: 1.5),
        .init(.leadership, afterTargetTimes: 2.0),
    ]

    /// The target for `interval` at `priority`: the agency's commitment for that priority, else its commitment
    /// for all priorities, else the region's default for the priority, else for all priorities.
    public func target(_ interval: ResponseInterval, _ priority: Priority, agency: AgencyID? = nil) -> Int? {
        let candidates = targets.filter { $0.interval == interval && ($0.priority == nil || $0.priority == priority) }
        func best(_ rows: [Target]) -> Int? {
            (rows.first { $0.priority == priority } ?? rows.first { $0.priority == nil })?.seconds
        }
        if let agency, let committed = best(candidates.filter({ $0.agencyID == agency })) { return committed }
        return best(candidates.filter { $0.agencyID == nil })
    }

    /// When each stage of a step that started at `start` with `target` seconds falls due, in order.
    public func schedule(target: Int, agencyStep: Bool) -> [(stage: ResponseStage, afterSeconds: Double)] {
        var stages: [(ResponseStage, Double)] = [(.warning, warningShare * Double(target)), (.breach, Double(target))]
        for escalation in escalations where agencyStep || escalation.stage != .agencyHead {
            stages.append((escalation.stage, escalation.afterTargetTimes * Double(target)))
        }
        return stages.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    /// Field errors for targets out of range, repeated keys, a warning share outside (0, 1) and escalations
    /// that are not escalation stages, come before the breach or repeat.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (index, target) in targets.enumerated() {
            if !(1...Self.maxTargetSeconds).contains(target.seconds) {
                errors.append(FieldError("targets[\(index)].seconds", .outOfRange))
            }
            let key = "\(target.interval)|\(target.priority?.rawValue ?? "")|\(target.agencyID?.rawValue ?? "")"
            if !seen.insert(key).inserted { errors.append(FieldError("targets[\(index)]", .notAllowedHere)) }
            if let basis = target.basis {
                errors += TextRules.problems(basis, field: "targets[\(index)].basis", max: 200)
            }
        }
        // Every step of every priority needs a region-wide target, so no clock ever runs without one.
        let complete = ResponseInterval.allCases.allSatisfy { interval in
            Priority.allCases.allSatisfy { target(interval, $0) != nil }
        }
        if !complete { errors.append(FieldError("targets", .required)) }
        if !(warningShare > 0 && warningShare < 1) { errors.append(FieldError("warningShare", .outOfRange)) }
        var stages: Set<ResponseStage> = []
        for (index, escalation) in escalations.enumerated() {
            if !ResponseStage.escalations.contains(escalation.stage) || !stages.insert(escalation.stage).inserted {
                errors.append(FieldError("escalations[\(index)].stage", .notAllowedHere))
            }
            if !(1...20).contains(escalation.afterTargetTimes) {
                errors.append(FieldError("escalations[\(index)].afterTargetTimes", .outOfRange))
            }
        }
        return errors
    }
}
