public import Foundation

/// How one operator's trunk is carrying a region's 112 calls, and whether it has gone silent when it should not
/// have: operators open and break their 112 routes one by one, and a broken one shows only as calls not coming.
public struct TrunkReport: Hashable, Sendable {
    /// A silence is alarmed when the trunk carried at least this many calls on average in the same window of the
    /// past week: with that many expected, a window with none happens by chance less than once in a hundred
    /// (e^-4.6 < 0.01), so quiet nights do not alarm and a trunk that stopped by day does.
    public static let alarmExpectation = 4.6

    public var trunk: String
    public var lastCallAt: Date?
    /// Calls in each of the last 24 hours, the oldest hour first.
    public var hourly: [Int]
    /// Calls it carried on average in the same silence window on each of the past seven days.
    public var expectedInWindow: Double
    /// No call within the silence window although `expectedInWindow` reached ``alarmExpectation``.
    public var silent: Bool

    /// The report of every trunk that carried a call in the past eight days, by name, from the times of their calls.
    public static func reports(of offers: [(trunk: String, at: Date)], now: Date, silence: TimeInterval)
        -> [TrunkReport]
    {
        let day: TimeInterval = 86_400
        return Dictionary(grouping: offers, by: \.trunk).map { trunk, calls in
            let times = calls.map(\.at)
            var hourly = Array(repeating: 0, count: 24)
            for at in times where at <= now && at > now - day {
                hourly[23 - min(23, Int(now.timeIntervalSince(at) / 3600))] += 1
            }
            let sameWindow = (1...7).map { days in
                let end = now - Double(days) * day
                return times.count { $0 > end - silence && $0 <= end }
            }
            let expected = Double(sameWindow.reduce(0, +)) / 7
            let recent = times.contains { $0 > now - silence && $0 <= now }
            return TrunkReport(
                trunk: trunk, lastCallAt: times.filter { $0 <= now }.max(), hourly: hourly, expectedInWindow: expected,
                silent: !recent && expected >= alarmExpectation)
        }
        .sorted { $0.trunk < $1.trunk }
    }
}
