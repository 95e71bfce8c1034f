/// The figures leaders read for one step over a set of incidents.
///
/// Percentiles are nearest-rank: the p-th percentile is the smallest measured duration with at least p % of the
/// durations at or below it, so every figure is a duration that really happened.
public struct ResponseStatistics: Hashable, Codable, Sendable {
    /// Steps that started in the period.
    public var started: Int
    /// Steps done, with a duration.
    public var measured: Int
    /// Steps done within their target.
    public var withinTarget: Int
    /// Steps that missed their target: done late, or breached before they stopped or while they still run.
    public var breached: Int
    /// Steps still running.
    public var running: Int
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    /// `withinTarget` over every step judged: done, or already breached. `nil` when none is judged yet.
    public var shareWithinTarget: Double?

    public init(_ intervals: some Sequence<MeasuredInterval>) {
        var durations: [Double] = []
        var started = 0
        var within = 0
        var breached = 0
        var running = 0
        for interval in intervals {
            started += 1
            if interval.isRunning { running += 1 }
            if interval.breached { breached += 1 }
            if let duration = interval.duration {
                durations.append(duration)
                if !interval.breached { within += 1 }
            }
        }
        durations.sort()
        self.started = started
        self.measured = durations.count
        self.withinTarget = within
        self.breached = breached
        self.running = running
        self.medianSeconds = Percentile.nearestRank(50, of: durations)
        self.p90Seconds = Percentile.nearestRank(90, of: durations)
        let judged = within + breached
        self.shareWithinTarget = judged == 0 ? nil : Double(within) / Double(judged)
    }
}

/// Nearest-rank percentiles.
public enum Percentile {
    /// The smallest value of `sorted` with at least `percent` % of the values at or below it.
    public static func nearestRank(_ percent: Double, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(rank, 1) - 1]
    }
}

/// One step's figures, as reports list them.
public struct StepStatistics: Hashable, Codable, Sendable {
    public var interval: ResponseInterval
    public var statistics: ResponseStatistics

    /// The figures of every step present in `intervals`, in the order the steps happen.
    public static func of(_ intervals: [MeasuredInterval]) -> [StepStatistics] {
        Dictionary(grouping: intervals, by: \.interval).sorted { $0.key < $1.key }.map {
            StepStatistics(interval: $0.key, statistics: ResponseStatistics($0.value))
        }
    }
}
