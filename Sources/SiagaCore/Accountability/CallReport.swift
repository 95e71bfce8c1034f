import Foundation

/// What the calls of a period were: how many, of which kind, by hour, how fast they were answered, and by whom.
public struct CallReport: Hashable, Codable, Sendable {
    public struct Hour: Hashable, Codable, Sendable {
        public var hour: Int
        public var total: Int
        /// Calls per disposition; `undecided` for calls without one yet.
        public var dispositions: [String: Int]
    }

    public struct CallTaker: Hashable, Codable, Sendable {
        public var callTaker: String
        public var answered: Int
        public var answering: ResponseStatistics
        public var dispositions: [String: Int]
    }

    public var total: Int
    public var dispositions: [String: Int]
    /// Emergencies (and duplicates of one) over all calls with a disposition.
    public var emergencyShare: Double?
    /// Ring to answer, against the call-answering target; calls nobody answered count as breached.
    public var answering: ResponseStatistics
    public var unanswered: Int
    public var hours: [Hour]
    /// The three hours of the day with most calls, busiest first.
    public var busiestHours: [Int]
    public var callTakers: [CallTaker]

    /// Counts `calls` in one pass: a year of a big region is two million of them.
    public init(_ calls: [CallFact], target: Int, calendar: ReportCalendar) {
        var dispositions: [String: Int] = [:]
        var decided = 0
        var emergencies = 0
        var answering = ResponseStatistics.Tally()
        var unanswered = 0
        var hourTotals = Array(repeating: 0, count: 24)
        var hourDispositions = Array(repeating: [String: Int](), count: 24)
        var takers: [String: (calls: Int, answering: ResponseStatistics.Tally, dispositions: [String: Int])] = [:]
        for call in calls {
            let disposition = call.disposition?.rawValue ?? "undecided"
            dispositions[disposition, default: 0] += 1
            if let kind = call.disposition {
                decided += 1
                if kind == .emergency || kind == .duplicate { emergencies += 1 }
            }
            // Calls nobody answered count as breached.
            let seconds = call.answerSeconds
            let late = seconds.map { $0 > TimeInterval(target) } ?? true
            answering.add(duration: seconds, breached: late, running: false)
            if seconds == nil { unanswered += 1 }
            let hour = calendar.hour(of: call.ringAt)
            hourTotals[hour] += 1
            hourDispositions[hour][disposition, default: 0] += 1
            if let name = call.callTaker {
                takers[name, default: (0, ResponseStatistics.Tally(), [:])].calls += 1
                takers[name]!.answering.add(duration: seconds, breached: late, running: false)
                takers[name]!.dispositions[disposition, default: 0] += 1
            }
        }
        total = calls.count
        self.dispositions = dispositions
        emergencyShare = decided == 0 ? nil : Double(emergencies) / Double(decided)
        self.answering = answering.statistics
        self.unanswered = unanswered
        hours = (0..<24).map { Hour(hour: $0, total: hourTotals[$0], dispositions: hourDispositions[$0]) }
        busiestHours = hours.filter { $0.total > 0 }.sorted { ($1.total, $0.hour) < ($0.total, $1.hour) }.prefix(3)
            .map(\.hour)
        callTakers = takers.sorted { $0.key < $1.key }.map { name, tally in
            CallTaker(
                callTaker: name, answered: tally.calls, answering: tally.answering.statistics,
                dispositions: tally.dispositions)
        }
    }
}
