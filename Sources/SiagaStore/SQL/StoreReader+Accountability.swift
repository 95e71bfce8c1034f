public import Foundation
import SQLKit
public import SiagaCore

extension StoreReader {
    /// The region's response policy in force: its newest saved version, or the defaults (version 0).
    public func responsePolicy(of region: RegionCode) async throws -> ResponsePolicyVersion {
        try await database.raw(
            """
            SELECT region_code, version, document, author, at_ms, reason FROM response_policy_versions
            WHERE region_code = \(bind: region.rawValue) ORDER BY version DESC LIMIT 1
            """
        ).first().map(policyVersion) ?? .defaults(for: region)
    }

    /// Every saved version of the region's policy, newest first.
    public func responsePolicyVersions(of region: RegionCode) async throws -> [ResponsePolicyVersion] {
        try await database.raw(
            """
            SELECT region_code, version, document, author, at_ms, reason FROM response_policy_versions
            WHERE region_code = \(bind: region.rawValue) ORDER BY version DESC
            """
        ).all().map(policyVersion)
    }

    /// Incidents with a warning, breach or escalation due by `now`, most overdue first.
    public func incidentsWithDueMarks(now: Date, limit: Int) async throws -> [IncidentID] {
        try await database.raw(
            """
            SELECT incident_id, MIN(next_due_ms) AS due FROM response_intervals
            WHERE next_due_ms IS NOT NULL AND next_due_ms <= \(bind: now.millisecondsSince1970)
            GROUP BY incident_id ORDER BY due LIMIT \(bind: limit)
            """
        ).all().map { IncidentID(try $0.decode(column: "incident_id", as: String.self)) }
    }

    /// The region's steps still running now.
    public func runningIntervals(in region: RegionCode) async throws -> [MeasuredInterval] {
        try await database.raw(
            "SELECT * FROM response_intervals WHERE region_code = \(bind: region.rawValue) AND running = 1"
        ).all().compactMap { try ResponseIntervalRow($0).measured }
    }

    func responseIntervalRows(of incident: IncidentID) async throws -> [String: ResponseIntervalRow] {
        let rows = try await database.raw(
            "SELECT * FROM response_intervals WHERE incident_id = \(bind: incident.rawValue)"
        ).all().map(ResponseIntervalRow.init)
        return Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func policyVersion(_ row: any SQLRow) throws -> ResponsePolicyVersion {
        let regionText = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(regionText),
            let author = Actor(stored: try row.decode(column: "author", as: String.self))
        else { throw StoreError.corruptRow(table: "response_policy_versions", id: regionText) }
        return ResponsePolicyVersion(
            regionCode: region, version: try row.decode(column: "version", as: Int.self),
            policy: try StoredJSON.decode(
                ResponsePolicy.self, from: try row.decode(column: "document", as: String.self)),
            author: author,
            at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)),
            reason: try row.decode(column: "reason", as: String.self))
    }
}

/// How many incidents of one category, priority and status a period had.
public struct IncidentCount: Hashable, Sendable {
    public var category: String?
    public var priority: Priority
    public var status: IncidentStatus
    public var count: Int
}

extension StoreReader {
    /// The region's incidents created in `[from, to)`, counted by category, priority and status.
    public func incidentCounts(in region: RegionCode, from: Date, to: Date) async throws -> [IncidentCount] {
        try await database.raw(
            """
            SELECT category, priority, status, COUNT(*) AS n FROM incidents
            WHERE region_code = \(bind: region.rawValue)
              AND created_at_ms >= \(bind: from.millisecondsSince1970) AND created_at_ms < \(bind: to.millisecondsSince1970)
            GROUP BY category, priority, status
            """
        ).all().compactMap { row in
            guard let priority = Priority(rawValue: try row.decode(column: "priority", as: String.self)),
                let status = IncidentStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { return nil }
            return IncidentCount(
                category: try row.decode(column: "category", as: String?.self), priority: priority, status: status,
                count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Open incidents (logged or dispatched) per priority, in one region or everywhere.
    public func openIncidentCounts(in region: RegionCode? = nil) async throws -> [Priority: Int] {
        let filter: SQLQueryString = region.map { "AND region_code = \(bind: $0.rawValue)" } ?? ""
        let rows = try await database.raw(
            """
            SELECT priority, COUNT(*) AS n FROM incidents WHERE status IN ('logged', 'dispatched') \(filter)
            GROUP BY priority
            """
        ).all()
        var counts: [Priority: Int] = [:]
        for row in rows {
            if let priority = Priority(rawValue: try row.decode(column: "priority", as: String.self)) {
                counts[priority] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }
}
