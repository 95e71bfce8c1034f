public import Foundation
import SQLKit
public import SiagaCore

/// Filters for the call list, newest first.
public struct CallQuery: Hashable, Sendable {
    public var regionCode: RegionCode?
    public var dispositions: [CallDisposition]
    public var callerNumber: PhoneNumber?
    public var from: Date?
    /// Exclusive.
    public var before: Date?
    /// Only calls with an open call-back task, earliest due first.
    public var openCallbacksOnly: Bool
    public var limit: Int
    /// Only calls within this reach, on top of `regionCode`.
    public var jurisdiction: Jurisdiction? = nil

    public init(
        regionCode: RegionCode? = nil, dispositions: [CallDisposition] = [], callerNumber: PhoneNumber? = nil,
        from: Date? = nil, before: Date? = nil, openCallbacksOnly: Bool = false, limit: Int = 50
    ) {
        self.regionCode = regionCode
        self.dispositions = dispositions
        self.callerNumber = callerNumber
        self.from = from
        self.before = before
        self.openCallbacksOnly = openCallbacksOnly
        self.limit = limit
    }
}

extension StoreReader {
    public func call(_ id: CallID) async throws -> Call? {
        try await database.raw("SELECT state FROM calls WHERE id = \(bind: id.rawValue)").first()
            .map { try decodeState(Call.self, $0, table: "calls", id: id.rawValue) }
    }

    public func callEvents(_ id: CallID) async throws -> [Recorded<CallEvent>] {
        try await events(streamType: "call", streamID: id.rawValue)
    }

    public func calls(matching query: CallQuery) async throws -> [Call] {
        var select = database.select().column("state").from("calls")
        if let region = query.regionCode { select = select.where("region_code", .equal, region.rawValue) }
        switch query.jurisdiction {
        case .province(let code): select = select.where("region_code", .like, "\(code).%")
        case .region(let code): select = select.where("region_code", .equal, code.rawValue)
        case .nation, nil: break
        }
        if !query.dispositions.isEmpty { select = select.where("disposition", .in, query.dispositions.map(\.rawValue)) }
        if let number = query.callerNumber { select = select.where("caller_number", .equal, number.rawValue) }
        if let from = query.from {
            select = select.where("ring_at_ms", .greaterThanOrEqual, from.millisecondsSince1970)
        }
        if let before = query.before { select = select.where("ring_at_ms", .lessThan, before.millisecondsSince1970) }
        if query.openCallbacksOnly {
            select = select.where("callback_open", .equal, 1).orderBy("callback_due_ms", .ascending)
        } else {
            select = select.orderBy("ring_at_ms", .descending).orderBy("id", .descending)
        }
        return try await select.limit(query.limit).all().map { try decodeState(Call.self, $0, table: "calls", id: "") }
    }

    /// The number's calls to `region` since `since`, and the region's incidents they link to or that name the
    /// number as caller, summarised for the call taker.
    public func callerHistory(
        _ number: PhoneNumber,
        in region: RegionCode,
        excluding current: CallID?,
        since: Date,
        policy: RegionPolicy,
        now: Date
    ) async throws -> CallerHistory {
        let calls = try await calls(
            matching: CallQuery(regionCode: region, callerNumber: number, from: since, limit: 100))
        let linked = try await incidents(ids: Array(Set(calls.compactMap(\.incidentID))))
        var reported: [Incident] = []
        for row in try await database.select().columns("id", "state").from("incidents")
            .where("region_code", .equal, region.rawValue).where("caller_number", .equal, number.rawValue)
            .where("created_at_ms", .greaterThanOrEqual, since.millisecondsSince1970).limit(50).all()
        {
            reported.append(try await decodeIncident(row))
        }
        let incidents = Array(Dictionary((linked + reported).map { ($0.id, $0) }) { first, _ in first }.values)
        return CallerHistory.summarize(
            number, calls: calls, incidents: incidents, excluding: current, policy: policy, now: now)
    }
}
