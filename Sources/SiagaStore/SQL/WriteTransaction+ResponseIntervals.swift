public import Foundation
import SQLKit
public import SiagaCore

extension WriteTransaction {
    /// Keeps `response_intervals` in step with the incident's projection, in the same transaction: one row per
    /// timed step with its target, whether it breached, and when the SLA engine must next look at it. A step
    /// already done keeps the target it was measured against, even when the policy changes later. An incident just
    /// created (`isNew`) has no rows yet to read or replace.
    func recordResponseIntervals(of incident: Incident, isNew: Bool = false) async throws {
        let policy = try await responsePolicy(of: incident.regionCode)
        let existing = isNew ? [:] : try await reader.responseIntervalRows(of: incident.id)
        var rows = ResponseIntervalRow.rows(of: incident, policy: policy)
        for index in rows.indices {
            if let earlier = existing[rows[index].key], earlier.doneAt != nil, earlier.doneAt == rows[index].doneAt {
                rows[index].keepMeasurement(of: earlier)
            }
        }
        guard Set(rows) != Set(existing.values) else { return }
        if !isNew {
            try await database.raw("DELETE FROM response_intervals WHERE incident_id = \(bind: incident.id.rawValue)")
                .run()
        }
        for chunk in rows.chunks(of: Self.rowsPerStatement) {
            let values = chunk.map { row in
                SQLQueryString(
                    """
                    (\(bind: row.incidentID), \(bind: row.step), \(bind: row.agencyID), \(bind: row.startedAt),
                     \(bind: row.doneAt), \(bind: row.running), \(bind: row.target), \(bind: row.breached), \(bind: row.declined),
                     \(bind: row.nextDue), \(bind: row.policyVersion), \(bind: row.regionCode), \(bind: row.priority),
                     \(bind: row.category), \(bind: row.kecamatan), \(bind: row.callTaker))
                    """)
            }
            try await database.raw(
                """
                INSERT INTO response_intervals (incident_id, step, agency_id, started_at_ms, done_at_ms, running,
                    target_s, breached, declined, next_due_ms, policy_version, region_code, priority, category,
                    kecamatan_code, call_taker) VALUES
                """ + values.joined(separator: ", ")
            ).run()
        }
    }

    /// The region's policy in force, read once per transaction.
    public func responsePolicy(of region: RegionCode) async throws -> ResponsePolicyVersion {
        if let known = policies[region] { return known }
        let policy = try await reader.responsePolicy(of: region)
        policies[region] = policy
        return policy
    }

    /// Rewrites the intervals of every incident of `region` with a running step, after its policy changed.
    func refreshRunningIntervals(in region: RegionCode) async throws {
        let ids = try await database.raw(
            """
            SELECT DISTINCT incident_id FROM response_intervals
            WHERE region_code = \(bind: region.rawValue) AND running = 1
            """
        ).all().map { IncidentID(try $0.decode(column: "incident_id", as: String.self)) }
        for incident in try await reader.incidents(ids: ids) {
            try await recordResponseIntervals(of: incident)
        }
    }

    /// Refreshes one incident's intervals as they are now (the SLA engine, when it finds nothing left due).
    public func refreshResponseIntervals(of incident: Incident) async throws {
        try await recordResponseIntervals(of: incident)
    }

    /// Stores `policy` as the region's next version, re-times running steps under it, and returns it.
    public func saveResponsePolicy(
        _ policy: ResponsePolicy, for region: RegionCode, author: Actor, at: Date, reason: String
    ) async throws -> ResponsePolicyVersion {
        let next = (try await reader.responsePolicy(of: region).version) + 1
        try await database.raw(
            """
            INSERT INTO response_policy_versions (region_code, version, document, author, at_ms, reason)
            VALUES (\(bind: region.rawValue), \(bind: next), \(bind: try StoredJSON.encode(policy)),
                    \(bind: author.description), \(bind: at.millisecondsSince1970), \(bind: reason))
            """
        ).run()
        let saved = ResponsePolicyVersion(
            regionCode: region, version: next, policy: policy, author: author, at: at, reason: reason)
        policies[region] = saved
        try await refreshRunningIntervals(in: region)
        return saved
    }
}

/// The columns of one `response_intervals` row.
struct ResponseIntervalRow: Hashable {
    var incidentID: String
    var step: String
    var agencyID: String
    var startedAt: Int64
    var doneAt: Int64?
    var running: Int
    var target: Int
    var breached: Int
    var declined: Int
    var nextDue: Int64?
    var policyVersion: Int
    var regionCode: String
    var priority: String
    var category: String?
    var kecamatan: String?
    var callTaker: String

    var key: String { [incidentID, step, agencyID, String(startedAt)].joined(separator: "|") }

    static func rows(of incident: Incident, policy: ResponsePolicyVersion) -> [Self] {
        let clocks = incident.responseClocks
        return zip(clocks, incident.measuredIntervals(policy: policy)).map { clock, measured in
            ResponseIntervalRow(
                incidentID: incident.id.rawValue, step: measured.interval.rawValue,
                agencyID: measured.agencyID?.rawValue ?? "", startedAt: measured.startedAt.millisecondsSince1970,
                doneAt: measured.doneAt?.millisecondsSince1970, running: measured.isRunning ? 1 : 0,
                target: measured.targetSeconds, breached: measured.breached ? 1 : 0,
                declined: measured.declined ? 1 : 0,
                nextDue: ResponseWatch.nextDue(of: clock, in: incident, policy: policy.policy)?
                    .millisecondsSince1970,
                policyVersion: policy.version, regionCode: incident.regionCode.rawValue,
                priority: incident.priority.rawValue, category: measured.category,
                kecamatan: measured.kecamatan?.rawValue, callTaker: measured.callTaker ?? "")
        }
    }

    /// Takes the target and verdict a done step was measured with.
    mutating func keepMeasurement(of earlier: Self) {
        target = earlier.target
        policyVersion = earlier.policyVersion
        breached = earlier.breached
    }

    init(
        incidentID: String, step: String, agencyID: String, startedAt: Int64, doneAt: Int64?, running: Int,
        target: Int, breached: Int, declined: Int, nextDue: Int64?, policyVersion: Int, regionCode: String,
        priority: String,
        category: String?, kecamatan: String?, callTaker: String
    ) {
        self.incidentID = incidentID
        self.step = step
        self.agencyID = agencyID
        self.startedAt = startedAt
        self.doneAt = doneAt
        self.running = running
        self.target = target
        self.breached = breached
        self.declined = declined
        self.nextDue = nextDue
        self.policyVersion = policyVersion
        self.regionCode = regionCode
        self.priority = priority
        self.category = category
        self.kecamatan = kecamatan
        self.callTaker = callTaker
    }

    init(_ row: any SQLRow) throws {
        self.init(
            incidentID: try row.decode(column: "incident_id", as: String.self),
            step: try row.decode(column: "step", as: String.self),
            agencyID: try row.decode(column: "agency_id", as: String.self),
            startedAt: try row.decode(column: "started_at_ms", as: Int64.self),
            doneAt: try row.decode(column: "done_at_ms", as: Int64?.self),
            running: try row.decode(column: "running", as: Int.self),
            target: try row.decode(column: "target_s", as: Int.self),
            breached: try row.decode(column: "breached", as: Int.self),
            declined: try row.decode(column: "declined", as: Int.self),
            nextDue: try row.decode(column: "next_due_ms", as: Int64?.self),
            policyVersion: try row.decode(column: "policy_version", as: Int.self),
            regionCode: try row.decode(column: "region_code", as: String.self),
            priority: try row.decode(column: "priority", as: String.self),
            category: try row.decode(column: "category", as: String?.self),
            kecamatan: try row.decode(column: "kecamatan_code", as: String?.self),
            callTaker: try row.decode(column: "call_taker", as: String.self))
    }

    /// The row as the reports read it.
    var measured: MeasuredInterval? {
        guard let interval = ResponseInterval(rawValue: step) else { return nil }
        var measured = MeasuredInterval(
            incidentID: IncidentID(incidentID), interval: interval,
            agencyID: agencyID.isEmpty ? nil : AgencyID(agencyID),
            startedAt: Date(millisecondsSince1970: startedAt), doneAt: doneAt.map(Date.init(millisecondsSince1970:)),
            isRunning: running == 1, targetSeconds: target, breached: breached == 1,
            priority: Priority(rawValue: priority), category: category, kecamatan: kecamatan.flatMap(RegionCode.init),
            callTaker: callTaker.isEmpty ? nil : callTaker)
        measured.declined = declined == 1
        return measured
    }
}
