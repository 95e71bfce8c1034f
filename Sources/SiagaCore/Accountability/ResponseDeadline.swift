public import Foundation

/// A running step's deadline as a console shows it: when the step started, when it is warned of and when it is
/// overdue. The console only subtracts the time from these, so which target applies is decided here alone.
public struct ResponseDeadline: Hashable, Sendable {
    public var clock: ResponseClock.Key
    /// The target in force for the step, in seconds.
    public var targetSeconds: Int
    /// When the step reaches the policy's warning share of its target.
    public var warnAt: Date
    /// When the step is past its target.
    public var dueAt: Date
    /// True when the SLA engine has recorded the breach, whatever the time now says: a breach stays a breach.
    public var breached: Bool

    /// How the step stands at `now`.
    public func state(at now: Date) -> State {
        if breached || now >= dueAt { return .overdue }
        return now >= warnAt ? .warning : .onTime
    }

    /// How a running step stands against its target.
    public enum State: String, Hashable, Sendable {
        case onTime
        case warning
        case overdue
    }
}

extension Incident {
    /// The deadline of every step still running, in the order of ``responseClocks``; a step without a target in
    /// `policy` (which ``ResponsePolicy/problems()`` never lets through) has none.
    public func runningDeadlines(under policy: ResponsePolicy) -> [ResponseDeadline] {
        responseClocks.filter(\.isRunning).compactMap { clock in
            guard let target = policy.target(clock.interval, priority, agency: clock.key.agencyID) else {
                return nil
            }
            let start = clock.key.startedAt
            return ResponseDeadline(
                clock: clock.key, targetSeconds: target,
                warnAt: start.addingTimeInterval(policy.warningShare * Double(target)),
                dueAt: start.addingTimeInterval(Double(target)),
                breached: responseMarks.contains { $0.clock == clock.key && $0.stage == .breach })
        }
    }
}
