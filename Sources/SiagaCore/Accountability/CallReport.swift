public import Foundation

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

    public init(_ calls: [CallFact], target: Int, calendar: ReportCalendar) {
        total = calls.count
        dispositions = Self.count(calls)
        let decided = calls.filter { $0.disposition != nil }
        let emergencies = decided.filter { $0.disposition == .emergency || $0.disposition == .duplicate }
        emergencyShare = decided.isEmpty ? nil : Double(emergencies.count) / Double(decided.count)
        answering = ResponseStatistics(calls.map { Self.answering($0, target: target) })
        unanswered = calls.filter { $0.answeredAt == nil }.count
        let byHour = Dictionary(grouping: calls) { calendar.hour(of: $0.ringAt) }
        hours = (0..<24).map { Hour(hour: $0, total: byHour[$0]?.count ?? 0, dispositions: Self.count(byHour[$0] ?? [])) }
        busiestHours = hours.filter { $0.total > 0 }.sorted { ($1.total, $0.hour) < ($0.total, $1.hour) }.prefix(3)
            .map(\.hour)
        callTakers = Dictionary(grouping: calls.filter { $0.callTaker != nil }) { $0.callTaker! }
            .sorted { $0.key < $1.key }
            .map { name, calls in
                CallTaker(
                    callTaker: name, answered: calls.count,
                    answering: ResponseStatistics(calls.map { Self.answering($0, target: target) }),
                    dispositions: Self.count(calls))
            }
    }

    private static func count(_ calls: [CallFact]) -> [String: Int] {
        Dictionary(grouping: calls) { $0.disposition?.rawValue ?? "undecided" }.mapValues(\.count)
    }

    /// A call's answering as a measured step: done at the answer; a call never answered stopped, and breached.
    static func answering(_ call: CallFact, target: Int) -> MeasuredInterval {
        let late = call.answerSeconds.map { $0 > TimeInterval(target) } ?? true
        return MeasuredInterval(
            incidentID: nil, interval: .callAnswering, agencyID: nil, startedAt: call.ringAt, doneAt: call.answeredAt,
            isRunning: false, targetSeconds: target, breached: late, priority: nil, category: nil, kecamatan: nil,
            callTaker: call.callTaker)
    }
}
