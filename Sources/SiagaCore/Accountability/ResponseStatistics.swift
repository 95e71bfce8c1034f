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
        var tally = Tally()
        for interval in intervals {
            tally.add(duration: interval.duration, breached: interval.breached, running: interval.isRunning)
        }
        self = tally.statistics
    }

    /// Counts steps one at a time, for reports that read many rows in one pass.
    public struct Tally: Sendable {
        private var started = 0
        private var within = 0
        private var breached = 0
        private var running = 0
        private var durations: [Double] = []

        public init() {}

        /// A step, with its duration when it was done.
        public mutating func add(duration: Double?, breached: Bool, running: Bool) {
            started += 1
            if running { self.running += 1 }
            if breached { self.breached += 1 }
            if let duration {
                durations.append(duration)
                if !breached { within += 1 }
            }
        }

        public var statistics: ResponseStatistics {
            ResponseStatistics(
                started: started, durations: durations.sorted(), withinTarget: within, breached: breached,
                running: running)
        }
    }

    private init(started: Int, durations sorted: [Double], withinTarget: Int, breached: Int, running: Int) {
        self.started = started
        self.measured = sorted.count
        self.withinTarget = withinTarget
        self.breached = breached
        self.running = running
        self.medianSeconds = Percentile.nearestRank(50, of: sorted)
        self.p90Seconds = Percentile.nearestRank(90, of: sorted)
        let judged = withinTarget + breached
        self.shareWithinTarget = judged == 0 ? nil : Double(withinTarget) / Double(judged)
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
        var tallies = Tallies()
        for interval in intervals { tallies.add(interval) }
        return tallies.steps
    }

    /// Counts intervals step by step in one pass, without copying them into groups.
    struct Tallies {
        private var byStep: [ResponseInterval: ResponseStatistics.Tally] = [:]

        mutating func add(_ interval: MeasuredInterval) {
            byStep[interval.interval, default: ResponseStatistics.Tally()].add(
                duration: interval.duration, breached: interval.breached, running: interval.isRunning)
        }

        var steps: [StepStatistics] {
            byStep.sorted { $0.key < $1.key }.map { StepStatistics(interval: $0.key, statistics: $0.value.statistics) }
        }
    }
}
