public import Foundation

/// The figures a region reports each month to the national monitoring of 112 and publishes: one row of fixed
/// columns per region and month, and a breakdown by category, kecamatan, agency and trunk. Every figure has one
/// definition, written in `docs/monthly-dataset.md`; a change of definition is a new ``definitionsVersion``.
public struct MonthlyDataset: Sendable {
    /// Raised when a column's definition changes, so a series never mixes two meanings.
    public static let definitionsVersion = 1

    public enum Value: Hashable, Sendable {
        case text(String)
        case count(Int)
        /// Seconds, to one decimal; `nil` when nothing was measured.
        case seconds(Double?)
        /// A share between 0 and 1, to four decimals; `nil` when its denominator is zero.
        case share(Double?)
        /// A column that does not apply to this row of the breakdown.
        case absent
    }

    public struct Column: Hashable, Sendable {
        public var name: String
        public var value: Value

        init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// What a month of one region is counted from.
    public struct Month: Sendable {
        public var regionCode: RegionCode
        public var regionName: String
        /// `2026-10`.
        public var month: String
        /// `WIB`, `WITA` or `WIT`: the local time the month's days are cut in.
        public var timeZone: String
        /// Every call that rang in the month.
        public var calls: [CallFact]
        /// The timed steps of the month's incidents (not call answering: that comes from `calls`).
        public var steps: [MeasuredInterval]
        /// The incidents opened in the month, as they stand now.
        public var incidents: [Incident]
        /// The trunk of each call the phone switch offered in the month.
        public var trunks: [String]
        /// The call-answering target in force, in seconds.
        public var answerTarget: Int

        public init(
            regionCode: RegionCode, regionName: String, month: String, timeZone: String, calls: [CallFact],
            steps: [MeasuredInterval], incidents: [Incident], trunks: [String], answerTarget: Int
        ) {
            self.regionCode = regionCode
            self.regionName = regionName
            self.month = month
            self.timeZone = timeZone
            self.calls = calls
            self.steps = steps
            self.incidents = incidents
            self.trunks = trunks
            self.answerTarget = answerTarget
        }
    }

    /// The breakdown's dimensions, in the order their rows come.
    public enum Dimension: String, Sendable, CaseIterable {
        case category, kecamatan, agency, trunk
    }

    /// The month's row: always the same columns in the same order.
    public var row: [Column]
    /// The breakdown's rows, each with ``breakdownColumns``.
    public var breakdown: [[Column]]

    /// The month row's columns, in order.
    public static let rowColumns: [String] = MonthlyDataset(
        Month(
            regionCode: RegionCode("11")!, regionName: "", month: "", timeZone: "", calls: [], steps: [],
            incidents: [], trunks: [], answerTarget: 0),
        name: { _, _ in "" }
    ).row.map(\.name)

    /// The breakdown's columns, in order.
    public static let breakdownColumns = [
        "region_code", "month", "dimension", "key", "name", "count", "p1", "acknowledged", "median_s",
        "within_target_share",
    ]

    /// The steps after call answering, with their column prefixes.
    static let stepColumns: [(ResponseInterval, String)] = [
        (.callProcessing, "call_processing"), (.alarmAnswering, "alarm_answering"),
        (.unitAssignment, "unit_assignment"), (.turnoutAndTravel, "turnout_and_travel"),
        (.onSceneHandling, "on_scene_handling"),
    ]

    /// Counts `month`; `name` gives the display name of a breakdown key (a category's, kecamatan's or agency's).
    public init(_ month: Month, name: (Dimension, String) -> String) {
        row = Self.monthRow(month)
        breakdown = Self.breakdownRows(month, name: name)
    }

    private static func monthRow(_ month: Month) -> [Column] {
        [
            Column("region_code", .text(month.regionCode.rawValue)), Column("region_name", .text(month.regionName)),
            Column("month", .text(month.month)), Column("time_zone", .text(month.timeZone)),
            Column("definitions_version", .count(definitionsVersion)),
        ] + callColumns(month) + incidentColumns(month.incidents) + stepColumns(month.steps)
    }

    private static func callColumns(_ month: Month) -> [Column] {
        let calls = month.calls
        let answering = ResponseStatistics(calls.map { $0.answeringInterval(target: month.answerTarget) })
        func disposition(_ kind: CallDisposition?) -> Int { calls.count { $0.disposition == kind } }
        func answeredWithin(_ seconds: TimeInterval) -> Value {
            .share(ratio(calls.count { ($0.answerSeconds ?? .infinity) <= seconds }, calls.count))
        }
        return [
            Column("calls_in", .count(calls.count)),
            Column("calls_answered", .count(calls.count { $0.answeredAt != nil })),
            Column("calls_unanswered", .count(calls.count { $0.answeredAt == nil })),
            Column("calls_emergency", .count(disposition(.emergency))),
            Column("calls_duplicate", .count(disposition(.duplicate))),
            Column("calls_prank", .count(disposition(.prank))), Column("calls_silent", .count(disposition(.silent))),
            Column("calls_information", .count(disposition(.information))),
            Column("calls_wrong_number", .count(disposition(.wrongNumber))),
            Column("calls_test", .count(disposition(.test))),
            Column("calls_abandoned", .count(disposition(.abandoned))),
            Column("calls_undecided", .count(disposition(nil))),
            Column(
                "valid_emergency_share",
                .share(ratio(disposition(.emergency) + disposition(.duplicate), calls.count))),
            Column("answer_target_s", .count(month.answerTarget)),
            Column("answer_median_s", .seconds(answering.medianSeconds)),
            Column("answer_p90_s", .seconds(answering.p90Seconds)),
            Column("answer_within_target_share", .share(ratio(answering.withinTarget, calls.count))),
            Column("answer_within_15s_share", answeredWithin(15)),
            Column("answer_within_20s_share", answeredWithin(20)),
        ]
    }

    private static func incidentColumns(_ incidents: [Incident]) -> [Column] {
        func inStatus(_ status: Set<IncidentStatus>) -> Int { incidents.count { status.contains($0.status) } }
        let dispatches: [Dispatch] = incidents.flatMap(\.dispatches)
        var columns = [Column("incidents", .count(incidents.count))]
        for priority in Priority.allCases {
            let count = incidents.count { $0.priority == priority }
            columns.append(Column("incidents_\(priority.rawValue.lowercased())", .count(count)))
        }
        let acknowledged = dispatches.count { $0.acknowledgement != nil }
        let declined = dispatches.count { $0.acknowledgement == nil && $0.declinedAt != nil }
        return columns + [
            Column("incidents_resolved", .count(inStatus([.resolved, .closed]))),
            Column("incidents_cancelled", .count(inStatus([.cancelled]))),
            Column("incidents_open", .count(inStatus([.logged, .dispatched]))),
            Column("dispatches", .count(dispatches.count)),
            Column("dispatches_acknowledged", .count(acknowledged)),
            Column("dispatches_declined", .count(declined)),
            Column("dispatches_unacknowledged", .count(dispatches.count - acknowledged - declined)),
        ]
    }

    private static func stepColumns(_ steps: [MeasuredInterval]) -> [Column] {
        let byStep = Dictionary(grouping: steps, by: \.interval)
        return stepColumns.flatMap { interval, prefix in
            let statistics = ResponseStatistics(byStep[interval] ?? [])
            return [
                Column("\(prefix)_count", .count(statistics.started)),
                Column("\(prefix)_median_s", .seconds(statistics.medianSeconds)),
                Column("\(prefix)_p90_s", .seconds(statistics.p90Seconds)),
                Column("\(prefix)_within_target_share", .share(statistics.shareWithinTarget)),
            ]
        }
    }

    private struct Tally {
        var count = 0
        var p1 = 0
        var acknowledged: Int?
        var statistics: ResponseStatistics?
    }

    private static func breakdownRows(_ month: Month, name: (Dimension, String) -> String) -> [[Column]] {
        var tallies: [Dimension: [String: Tally]] = [:]
        func add(_ dimension: Dimension, _ key: String, _ change: (inout Tally) -> Void) {
            change(&tallies[dimension, default: [:]][key, default: Tally()])
        }
        for incident in month.incidents {
            let p1 = incident.priority == .p1 ? 1 : 0
            let counted: (inout Tally) -> Void = {
                $0.count += 1
                $0.p1 += p1
            }
            add(.category, incident.classification?.category ?? "", counted)
            add(.kecamatan, incident.location?.kecamatanCode?.rawValue ?? "", counted)
            for dispatch in incident.dispatches {
                add(.agency, dispatch.agencyID.rawValue) {
                    counted(&$0)
                    $0.acknowledged = ($0.acknowledged ?? 0) + (dispatch.acknowledgement == nil ? 0 : 1)
                }
            }
        }
        let alarms = Dictionary(grouping: month.steps.filter { $0.interval == .alarmAnswering }) {
            $0.agencyID?.rawValue ?? ""
        }
        for (agency, steps) in alarms where tallies[.agency]?[agency] != nil {
            add(.agency, agency) { $0.statistics = ResponseStatistics(steps) }
        }
        for trunk in month.trunks { add(.trunk, trunk) { $0.count += 1 } }
        return Dimension.allCases.flatMap { dimension in
            (tallies[dimension] ?? [:]).sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.map {
                key, tally in
                [
                    Column("region_code", .text(month.regionCode.rawValue)), Column("month", .text(month.month)),
                    Column("dimension", .text(dimension.rawValue)), Column("key", .text(key)),
                    Column("name", .text(name(dimension, key))), Column("count", .count(tally.count)),
                    Column("p1", dimension == .trunk ? .absent : .count(tally.p1)),
                    Column("acknowledged", tally.acknowledged.map { .count($0) } ?? .absent),
                    Column("median_s", dimension == .agency ? .seconds(tally.statistics?.medianSeconds) : .absent),
                    Column(
                        "within_target_share",
                        dimension == .agency ? .share(tally.statistics?.shareWithinTarget) : .absent),
                ]
            }
        }
    }

    private static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}

extension MonthlyDataset.Value {
    /// The value as a CSV field and a JSON value print it: counts as integers, seconds to one decimal, shares to
    /// four, nothing as an empty field (`null` in JSON).
    public var text: String? {
        switch self {
        case .text(let text): text
        case .count(let count): String(count)
        case .seconds(let seconds): seconds.map { String(format: "%.1f", $0) }
        case .share(let share): share.map { String(format: "%.4f", $0) }
        case .absent: nil
        }
    }
}
