public import Foundation
public import SiagaCore
public import SiagaStore

/// Everything the monthly report (rekap bulanan) for the regent shows, gathered once.
struct MonthlyReport: Sendable {
    struct Day: Sendable {
        var day: LocalDay
        var emergency: Int
        var other: Int
    }

    struct Count: Sendable {
        var name: String
        var count: Int
        var p1: Int
    }

    var scope: ReportService.Scope
    var period: ReportPeriod
    var generatedAt: Date
    var calls: CallReport
    var days: [Day]
    var responseTimes: ResponseTimeReport
    var byPriority: ResponseTimeReport
    var ranking: [AgencyFollowUp]
    var incidents: Int
    var incidentStatuses: [IncidentStatus: Int]
    var categories: [Count]
    var kecamatan: [Count]
    /// The response policies in force during the month, oldest first: its targets are what the month was held to.
    var policies: [ResponsePolicyVersion]

    static func build(
        _ scope: ReportService.Scope, _ period: ReportPeriod, reports: ReportService, now: Date
    ) async throws -> MonthlyReport {
        let facts = try await reports.dependencies.store.callFacts(
            in: scope.region.code, from: period.start, to: period.end)
        let intervals = try await reports.intervals(scope, period)
        let counts = try await reports.incidentCounts(scope, period)
        let target = scope.policy.policy.target(.callAnswering, .p1) ?? 15
        let opened = intervals.filter { $0.interval == .callProcessing }
        let saved = try await reports.dependencies.store.read {
            try await $0.responsePolicyVersions(of: scope.region.code)
        }
        return MonthlyReport(
            scope: scope, period: period, generatedAt: now,
            calls: CallReport(facts, target: target, calendar: scope.calendar),
            days: days(facts, period),
            responseTimes: ResponseTimeReport(
                facts.map { $0.answeringInterval(target: target) } + intervals, by: nil, calendar: scope.calendar),
            byPriority: ResponseTimeReport(intervals, by: .priority, calendar: scope.calendar),
            ranking: AgencyFollowUp.ranking(intervals),
            incidents: counts.reduce(0) { $0 + $1.count },
            incidentStatuses: counts.reduce(into: [:]) { $0[$1.status, default: 0] += $1.count },
            categories: Dictionary(grouping: counts, by: \.category).map { code, rows in
                Count(
                    name: scope.categoryName(code), count: rows.reduce(0) { $0 + $1.count },
                    p1: rows.filter { $0.priority == .p1 }.reduce(0) { $0 + $1.count })
            }.sorted { ($1.count, $0.name) < ($0.count, $1.name) },
            kecamatan: Dictionary(grouping: opened) { $0.kecamatan?.rawValue }.map { code, steps in
                Count(
                    name: scope.kecamatanName(code), count: steps.count, p1: steps.filter { $0.priority == .p1 }.count)
            }.sorted { ($1.count, $0.name) < ($0.count, $1.name) },
            policies: ResponsePolicyVersion.inForce(
                from: period.start, to: period.end, saved: saved, region: scope.region.code))
    }

    private static func days(_ facts: [CallFact], _ period: ReportPeriod) -> [Day] {
        var days: [Day] = []
        var instant = period.start
        while instant < period.end {
            days.append(Day(day: LocalDay(instant, in: period.zone), emergency: 0, other: 0))
            instant.addTimeInterval(86400)
        }
        for fact in facts {
            let index = Int(fact.ringAt.timeIntervalSince(period.start) / 86400)
            guard days.indices.contains(index) else { continue }
            if fact.disposition == .emergency || fact.disposition == .duplicate {
                days[index].emergency += 1
            } else {
                days[index].other += 1
            }
        }
        return days
    }
}

/// The monthly report for the command line (`siaga report monthly`), through the same code as the API.
public enum MonthlyReportDocument {
    /// The report of `region` for `month` (`2026-10`) as one HTML page; throws a validation error for a month that
    /// is not `YYYY-MM` and ``StoreError/regionNotFound(_:)`` for a region not served here.
    public static func html(region: RegionCode, month: String, store: SQLStore, now: Date) async throws -> String {
        let reports = ReportService(dependencies: Dependencies(store: store, now: { now }))
        let scope = try await reports.scope(region)
        guard let period = ReportPeriod.month(month, zone: scope.region.timeZone) else {
            throw ValidationError([FieldError("month", .invalidFormat)])
        }
        return MonthlyReportHTML.render(try await MonthlyReport.build(scope, period, reports: reports, now: now))
    }
}
