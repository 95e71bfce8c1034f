public import Foundation
import SQLKit
public import SiagaCore

/// Filters for the incident list. Every filter is optional; results are newest first.
public struct IncidentQuery: Hashable, Sendable {
    public var regionCode: RegionCode?
    public var statuses: [IncidentStatus]
    public var category: String?
    public var priorities: [Priority]
    public var createdFrom: Date?
    /// Exclusive.
    public var createdBefore: Date?
    /// Matched case-insensitively against number, description, address and caller.
    public var text: String?
    public var after: IncidentCursor?
    public var limit: Int
    /// Only incidents within this reach (a province's regions, say), on top of `regionCode`.
    public var jurisdiction: Jurisdiction?
    /// Only incidents ever dispatched to this agency.
    public var agency: AgencyID?
    /// Whether `text` also matches callers' numbers: only for those who may see them, or a masked number could
    /// be recovered digit by digit.
    public var searchesCallerNumber = true

    public init(
        regionCode: RegionCode? = nil, statuses: [IncidentStatus] = [], category: String? = nil,
        priorities: [Priority] = [], createdFrom: Date? = nil, createdBefore: Date? = nil, text: String? = nil,
        after: IncidentCursor? = nil, limit: Int = 50, jurisdiction: Jurisdiction? = nil, agency: AgencyID? = nil
    ) {
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.regionCode = regionCode
        self.statuses = statuses
        self.category = category
        self.priorities = priorities
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.text = text
        self.after = after
        self.limit = limit
    }
}

/// A position in the newest-first incident list: the last incident of the previous page.
public struct IncidentCursor: Hashable, Sendable {
    public var createdAtMilliseconds: Int64
    public var id: IncidentID

    public init(createdAtMilliseconds: Int64, id: IncidentID) {
        self.createdAtMilliseconds = createdAtMilliseconds
        self.id = id
    }
}

/// One page of incidents and the cursor of the next page, if there is one.
public struct Page<Item: Sendable, Cursor: Sendable>: Sendable {
    public var items: [Item]
    public var next: Cursor?
}

extension StoreReader {
    public func incident(_ id: IncidentID) async throws -> Incident? {
        guard
            let row = try await database.raw("SELECT id, state FROM incidents WHERE id = \(bind: id.rawValue)").first()
        else { return nil }
        return try await decodeIncident(row)
    }

    public func incident(number: IncidentNumber) async throws -> Incident? {
        guard
            let row = try await database.raw(
                "SELECT id, state FROM incidents WHERE number = \(bind: number.description)"
            ).first()
        else { return nil }
        return try await decodeIncident(row)
    }

    /// The open incident on which `unit` works an active dispatch, if any.
    public func currentTask(of unit: ResponseUnit, in region: RegionCode) async throws -> Incident? {
        var after: IncidentCursor?
        repeat {
            let page = try await incidents(
                matching: IncidentQuery(regionCode: region, statuses: [.dispatched], after: after, limit: 200))
            if let found = page.items.first(where: {
                $0.activeDispatches.contains { $0.units.contains { $0.unitID == unit.id } }
            }) {
                return found
            }
            after = page.next
        } while after != nil
        return nil
    }

    /// The incident named by `key`, its id or its number (`3515-261123-0007`); throws
    /// ``StoreError/incidentNotFound(_:)`` when neither names one.
    public func incident(key: String) async throws -> Incident {
        if let number = IncidentNumber(parsing: key), let found = try await incident(number: number) { return found }
        guard let found = try await incident(IncidentID(key)) else {
            throw StoreError.incidentNotFound(IncidentID(key))
        }
        return found
    }

    public func incidents(ids: [IncidentID]) async throws -> [Incident] {
        guard !ids.isEmpty else { return [] }
        var incidents: [Incident] = []
        for row in try await database.select().columns("id", "state").from("incidents").where(
            "id", .in, ids.map(\.rawValue)
        ).all() {
            incidents.append(try await decodeIncident(row))
        }
        return incidents
    }

    /// The incident's timeline, oldest first.
    public func incidentEvents(_ id: IncidentID) async throws -> [Recorded<IncidentEvent>] {
        try await events(streamType: "incident", streamID: id.rawValue)
    }

    public func incidents(matching query: IncidentQuery) async throws -> Page<Incident, IncidentCursor> {
        var select = database.select().column("state").column("created_at_ms").column("id").from("incidents")
        if let region = query.regionCode { select = select.where("region_code", .equal, region.rawValue) }
        switch query.jurisdiction {
        case .province(let code): select = select.where("region_code", .like, "\(code).%")
        case .region(let code): select = select.where("region_code", .equal, code.rawValue)
        case .nation, nil: break
        }
        if let agency = query.agency {
            select = select.where(
                SQLQueryString(
                    "id IN (SELECT incident_id FROM incident_agencies WHERE agency_id = \(bind: agency.rawValue))"))
        }
        if !query.statuses.isEmpty { select = select.where("status", .in, query.statuses.map(\.rawValue)) }
        if let category = query.category { select = select.where("category", .equal, category) }
        if !query.priorities.isEmpty { select = select.where("priority", .in, query.priorities.map(\.rawValue)) }
        if let from = query.createdFrom {
            select = select.where("created_at_ms", .greaterThanOrEqual, from.millisecondsSince1970)
        }
        if let before = query.createdBefore {
            select = select.where("created_at_ms", .lessThan, before.millisecondsSince1970)
        }
        if let text = query.text?.lowercased(), !text.isEmpty {
            let pattern = likePattern(text)
            if query.searchesCallerNumber {
                select = select.where(
                    SQLQueryString(
                        "(search_text LIKE \(bind: pattern) ESCAPE '\\' OR caller_number LIKE \(bind: pattern) ESCAPE '\\')"
                    ))
            } else {
                select = select.where(SQLQueryString("search_text LIKE \(bind: pattern) ESCAPE '\\'"))
            }
        }
        if let cursor = query.after {
            select = select.where(group: {
                $0.where("created_at_ms", .lessThan, cursor.createdAtMilliseconds)
                    .orWhere(group: {
                        $0.where("created_at_ms", .equal, cursor.createdAtMilliseconds)
                            .where("id", .lessThan, cursor.id.rawValue)
                    })
            })
        }
        let rows = try await select.orderBy("created_at_ms", .descending).orderBy("id", .descending)
            .limit(query.limit + 1).all()
        let incidents = try rows.prefix(query.limit).map {
            try decodeState(Incident.self, $0, table: "incidents", id: "")
        }
        let next =
            rows.count > query.limit
            ? incidents.last.map {
                IncidentCursor(createdAtMilliseconds: $0.createdAt.millisecondsSince1970, id: $0.id)
            } : nil
        return Page(items: incidents, next: next)
    }

    /// The incident of a row with `id` and `state`. The state is a projection of the events: a row written by an
    /// older version that no longer decodes is rebuilt from its timeline.
    func decodeIncident(_ row: any SQLRow) async throws -> Incident {
        let id = IncidentID(try row.decode(column: "id", as: String.self))
        if let state = try? StoredJSON.decode(Incident.self, from: try row.decode(column: "state", as: String.self)) {
            return state
        }
        let events = try await incidentEvents(id)
        guard let rebuilt = Incident.replay(events.map { ($0.event, $0.metadata) }) else {
            throw StoreError.corruptRow(table: "incidents", id: id.rawValue)
        }
        return rebuilt
    }

    func decodeState<T: Decodable>(_ type: T.Type, _ row: any SQLRow, table: String, id: String) throws -> T {
        do {
            return try StoredJSON.decode(type, from: try row.decode(column: "state", as: String.self))
        } catch {
            throw StoreError.corruptRow(table: table, id: id)
        }
    }

    /// `%text%` with LIKE's wildcards in `text` escaped.
    private func likePattern(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
