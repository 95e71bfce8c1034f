/// How an agency followed up the incidents forwarded to it: the ranking leaders ask for.
public struct AgencyFollowUp: Hashable, Codable, Sendable {
    public var agencyID: AgencyID
    /// 1 for the best follow-up.
    public var rank: Int
    /// Dispatches received in the period.
    public var dispatches: Int
    /// Of those, declined.
    public var declined: Int
    /// Alarm answering: acknowledged (or declined) within target.
    public var alarmAnswering: ResponseStatistics
    public var turnoutAndTravel: ResponseStatistics
    /// Steps of any kind that missed their target.
    public var breaches: Int
    /// Steps still running now.
    public var running: Int

    private enum CodingKeys: String, CodingKey {
        case agencyID = "agencyId"
        case rank, dispatches, declined, alarmAnswering, turnoutAndTravel, breaches, running
    }

    /// Every agency with a dispatch in `intervals`, best first: the highest share of alarms answered within
    /// target, then the shortest median, then the fewest breaches.
    public static func ranking(_ intervals: [MeasuredInterval]) -> [AgencyFollowUp] {
        let byAgency = Dictionary(grouping: intervals.filter { $0.agencyID != nil }) { $0.agencyID! }
        let rows = byAgency.map { agency, steps in
            let alarms = steps.filter { $0.interval == .alarmAnswering }
            return AgencyFollowUp(
                agencyID: agency, rank: 0, dispatches: alarms.count, declined: alarms.filter(\.declined).count,
                alarmAnswering: ResponseStatistics(alarms),
                turnoutAndTravel: ResponseStatistics(steps.filter { $0.interval == .turnoutAndTravel }),
                breaches: steps.filter(\.breached).count, running: steps.filter(\.isRunning).count)
        }
        let sorted = rows.sorted { lhs, rhs in
            let left = (-(lhs.alarmAnswering.shareWithinTarget ?? -1), lhs.alarmAnswering.medianSeconds ?? .infinity)
            let right = (-(rhs.alarmAnswering.shareWithinTarget ?? -1), rhs.alarmAnswering.medianSeconds ?? .infinity)
            if left != right { return left < right }
            return (lhs.breaches, lhs.agencyID.rawValue) < (rhs.breaches, rhs.agencyID.rawValue)
        }
        return sorted.enumerated().map { index, row in
            var row = row
            row.rank = index + 1
            return row
        }
    }
}
