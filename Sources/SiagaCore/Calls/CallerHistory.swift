public import Foundation

/// What the call taker sees about a number the moment its call arrives: its recent calls and their
/// dispositions, and the incidents it reported (an open one means the caller may be calling about it again).
public struct CallerHistory: Hashable, Codable, Sendable {
    public var callerNumber: PhoneNumber
    /// The calls given to ``summarize(_:calls:incidents:excluding:policy:now:)`` (the store passes those within
    /// its history window) from this number, newest first, not counting the call being answered.
    public var recentCalls: [Call]
    /// How many of the recent calls got each disposition.
    public var dispositionCounts: [CallDisposition: Int]
    /// Incidents the recent calls are linked to or that name this number as caller, newest first.
    public var incidents: [Incident]
    /// True when the region's repeat-prank policy is on and the number reached its threshold. Informational
    /// only: a flagged number is still answered.
    public var isRepeatPrankCaller: Bool

    /// Summarises `calls` (any order) and `incidents` for `number` under `policy`, as of `now`.
    public static func summarize(
        _ number: PhoneNumber,
        calls: [Call],
        incidents: [Incident],
        excluding current: CallID? = nil,
        policy: RegionPolicy,
        now: Date
    ) -> CallerHistory {
        let recent = calls.filter { $0.callerNumber == number && $0.id != current }.sorted { $0.ringAt > $1.ringAt }
        var counts: [CallDisposition: Int] = [:]
        for call in recent {
            if let disposition = call.disposition { counts[disposition, default: 0] += 1 }
        }
        let linked = Set(recent.compactMap(\.incidentID))
        return CallerHistory(
            callerNumber: number,
            recentCalls: recent,
            dispositionCounts: counts,
            incidents: incidents.filter { linked.contains($0.id) || $0.callerNumber == number }
                .sorted { $0.createdAt > $1.createdAt },
            isRepeatPrankCaller: isRepeatPrank(recent, policy: policy, now: now)
        )
    }

    private static func isRepeatPrank(_ calls: [Call], policy: RegionPolicy, now: Date) -> Bool {
        guard let threshold = policy.repeatPrankThreshold else { return false }
        let since = now.addingTimeInterval(-TimeInterval(policy.repeatPrankWindowHours) * 3600)
        return calls.count { $0.disposition == .prank && $0.ringAt >= since } >= threshold
    }
}
