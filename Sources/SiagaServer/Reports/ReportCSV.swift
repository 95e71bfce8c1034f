import Foundation
import SiagaCore

/// The reports' CSV exports.
enum ReportCSV {
    static func responseTimes(_ report: ResponseTimeReport) -> String {
        let groups =
            report.groups.isEmpty ? [ResponseTimeReport.Group(key: "all", steps: report.overall)] : report.groups
        let rows = groups.flatMap { group in
            group.steps.map { step in
                let stats = step.statistics
                return [
                    group.key ?? "", step.interval.rawValue, String(stats.started), String(stats.measured),
                    String(stats.withinTarget), String(stats.breached), String(stats.running),
                    number(stats.medianSeconds), number(stats.p90Seconds), number(stats.shareWithinTarget, digits: 3),
                ]
            }
        }
        return SpreadsheetCSV.render(
            header: [
                report.by?.rawValue ?? "group", "interval", "started", "measured", "within_target", "breached",
                "running", "median_s", "p90_s", "share_within_target",
            ], rows: rows)
    }

    static let incidentHeader = [
        "number", "created_at", "status", "category", "subcategory", "priority", "kecamatan", "address", "agencies",
        "call_processing_s", "alarm_answering_s", "turnout_travel_s", "on_scene_handling_s", "breaches",
        "resolved_at", "closed_at", "description",
    ]

    /// One row per incident: what, where, who, and the first measured duration of each step. Callers' numbers are
    /// never exported.
    static func incidents(_ incidents: [Incident], scope: ReportService.Scope) -> String {
        let time = LocalTime(zone: scope.region.timeZone)
        let rows = incidents.map { incident -> [String] in
            let measured = incident.measuredIntervals(policy: scope.policy)
            func first(_ interval: ResponseInterval) -> String {
                number(measured.first { $0.interval == interval && $0.duration != nil }?.duration)
            }
            return [
                incident.number.description, time.format(incident.createdAt, seconds: true), incident.status.rawValue,
                incident.classification?.category ?? "", incident.classification?.subcategory ?? "",
                incident.priority.rawValue, scope.kecamatanName(incident.location?.kecamatanCode?.rawValue),
                incident.location?.address ?? "",
                incident.dispatches.map { scope.agencyName($0.agencyID) }.joined(separator: "; "),
                first(.callProcessing), first(.alarmAnswering), first(.turnoutAndTravel), first(.onSceneHandling),
                String(measured.filter(\.breached).count), time.format(incident.resolvedAt, seconds: true),
                time.format(incident.closedAt, seconds: true), incident.description,
            ]
        }
        return SpreadsheetCSV.render(header: incidentHeader, rows: rows)
    }

    private static func number(_ value: Double?, digits: Int = 0) -> String {
        guard let value else { return "" }
        return digits == 0 ? String(Int(value.rounded())) : String(format: "%.\(digits)f", value)
    }
}
