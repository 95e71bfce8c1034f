import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// The leaders' figures, all computed from the timeline through the response-interval projection. Periods are
/// local days of the region (`from`, `to`, both included; or `month=2026-10`), by default this month to date.
///
/// | method | path                    | does                                                                    |
/// |--------|-------------------------|-------------------------------------------------------------------------|
/// | GET    | /reports/response-times | each step's count, median, p90 and share within target, from call answering to on-scene (`by`, `format=csv`) |
/// | GET    | /reports/calls          | calls by disposition and hour, busiest hours, answering, per call taker |
/// | GET    | /reports/agencies       | agencies ranked by follow-up                                            |
/// | GET    | /reports/open           | open incidents by priority and every step overdue now                   |
/// | GET    | /reports/incidents      | the period's incidents as CSV, with each step's duration                |
/// | GET    | /reports/monthly        | the printable monthly report (rekap bulanan), HTML for A4               |
/// | GET    | /reports/dataset        | the monthly dataset for the national monitoring, JSON or CSV (`month`)  |
struct ReportController {
    let reports: ReportService
    let audit: AuditTrail
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("reports/response-times", .reportRead, use: responseTimes)
        group.get("reports/calls", .reportRead, use: calls)
        group.get("reports/agencies", .reportRead, use: agencies)
        group.get("reports/open", .reportRead, use: open)
        group.get("reports/incidents", .reportRead, use: incidents)
        group.get("reports/monthly", .reportRead, use: monthly)
        group.get("reports/dataset", .reportRead, use: dataset)
    }

    /// The region named by `region`, checked against the principal, and what its reports need.
    private func scope(_ request: Request, _ context: AuthorizedContext) async throws -> ReportService.Scope {
        let code = try QueryReader.requiredRegion(request)
        try context.authorize(.reportRead, .region(code))
        return try await reports.scope(code)
    }

    private func period(_ request: Request, _ scope: ReportService.Scope) throws -> ReportPeriod {
        try ReportPeriod.parse(request, zone: scope.region.timeZone, now: now())
    }

    @Sendable func responseTimes(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        let period = try period(request, scope)
        var query = QueryReader(request)
        let by = query.string("by").map { ReportDimension(rawValue: $0) }
        if by == .some(nil) { query.fail("by", .unknownValue(allowed: ReportDimension.allCases.map(\.rawValue))) }
        try query.check(request.language)
        let report = ResponseTimeReport(
            try await reports.responseIntervals(scope, period), by: by ?? nil, calendar: scope.calendar)
        if query.string("format") == "csv" {
            try await auditExport(context, scope, period, what: "response-times")
            return SpreadsheetCSV.response(
                ReportCSV.responseTimes(report), filename: "waktu-respons-\(scope.region.code)-\(period.first).csv")
        }
        return try .json(
            ResponseTimesDTO(
                region: scope.region.code.rawValue, from: period.first.description, to: period.last.description,
                policyVersion: scope.policy.version, report: report))
    }

    @Sendable func calls(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        let period = try period(request, scope)
        return try .json(
            PeriodDTO(
                region: scope.region.code.rawValue, from: period.first.description, to: period.last.description,
                report: try await reports.calls(scope, period)))
    }

    @Sendable func agencies(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        let period = try period(request, scope)
        let ranking = AgencyFollowUp.ranking(try await reports.intervals(scope, period))
        return try .json(
            PeriodDTO(
                region: scope.region.code.rawValue, from: period.first.description, to: period.last.description,
                report: ItemsDTO(items: ranking)))
    }

    @Sendable func open(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        return try .json(try await reports.openNow(scope))
    }

    @Sendable func incidents(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        let period = try period(request, scope)
        let incidents = try await reports.incidents(scope, period)
        try await auditExport(context, scope, period, what: "incidents")
        return SpreadsheetCSV.response(
            ReportCSV.incidents(incidents, scope: scope),
            filename: "kejadian-\(scope.region.code)-\(period.first)-\(period.last).csv")
    }

    @Sendable func monthly(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let scope = try await scope(request, context)
        var query = QueryReader(request)
        if query.string("month") == nil { query.fail("month", .required) }
        try query.check(request.language)
        let period = try period(request, scope)
        let report = try await MonthlyReport.build(scope, period, reports: reports, now: now())
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: MonthlyReportHTML.render(report))))
    }

    /// The monthly dataset of `region`, or of every served region this principal may read reports of: JSON, or
    /// one of its tables as CSV (`format=csv`, `table=months|breakdown`).
    @Sendable func dataset(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let month = query.string("month")
        if month == nil { query.fail("month", .required) }
        let region = query.region("region")
        let format = query.string("format") ?? "json"
        if !["json", "csv"].contains(format) { query.fail("format", .unknownValue(allowed: ["json", "csv"])) }
        let table = MonthlyDatasetExport.Table(rawValue: query.string("table") ?? "months")
        if table == nil {
            query.fail("table", .unknownValue(allowed: MonthlyDatasetExport.Table.allCases.map(\.rawValue)))
        }
        if let month, ReportPeriod.month(month, zone: .wib) == nil { query.fail("month", .invalidFormat) }
        try query.check(request.language)
        let regions: [RegionCode]
        if let region {
            try context.authorize(.reportRead, .region(region))
            regions = [region]
        } else {
            regions = try await reports.dependencies.store.read { try await $0.regions() }.map(\.code).filter {
                if case .allow = AccessPolicy.decide(context.principal, .reportRead, .region($0)) { return true }
                return false
            }
        }
        let datasets = try await MonthlyDatasetExport.build(regions: regions, month: month!, reports: reports)
        let name = "dataset-112-\(region?.rawValue ?? "semua")-\(month!)"
        try await context.record(
            .reportExported, in: audit, target: "dataset", region: region,
            detail: ["month": month!, "regions": regions.map(\.rawValue).joined(separator: " ")])
        if format == "csv", let table {
            return SpreadsheetCSV.response(
                MonthlyDatasetExport.csv(datasets, table: table), filename: "\(name)-\(table.rawValue).csv")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(
                byteBuffer: ByteBuffer(
                    bytes: try MonthlyDatasetExport.json(datasets, month: month!, generatedAt: now()))))
    }

    private func auditExport(
        _ context: AuthorizedContext, _ scope: ReportService.Scope, _ period: ReportPeriod, what: String
    ) async throws {
        try await context.record(
            .reportExported, in: audit, target: what, region: scope.region.code,
            detail: ["from": period.first.description, "to": period.last.description])
    }
}

/// A report over a period, with the period it covers.
struct PeriodDTO<Report: Encodable & Sendable>: Encodable, Sendable {
    var region: String
    var from: String
    var to: String
    var report: Report
}

struct ResponseTimesDTO: Encodable, Sendable {
    var region: String
    var from: String
    var to: String
    /// The policy version in force now; each step was judged against the target in force when it was measured.
    var policyVersion: Int
    var report: ResponseTimeReport
}
