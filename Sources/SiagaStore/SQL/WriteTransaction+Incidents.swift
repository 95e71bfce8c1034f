import SQLKit
public import SiagaCore

extension WriteTransaction {
    /// Stores a new incident from the events that open it (``IncidentLifecycle/create(_:id:number:rules:)``).
    public func createIncident(_ events: [IncidentEvent], metadata: EventMetadata) async throws -> Incident {
        guard case .created(let created) = events.first else {
            preconditionFailure("an incident's first event must be created")
        }
        var incident = Incident(created: created, regionCode: created.number.region, metadata: metadata)
        for event in events.dropFirst() { incident.evolve(event, metadata) }
        _ = try await appendEvents(
            events, typeNames: events.map(\.type.rawValue),
            stream: ("incident", incident.id.rawValue, incident.regionCode), fromVersion: 0, metadata: metadata)
        let row = try IncidentRow(incident)
        try await database.raw(
            """
            INSERT INTO incidents (id, number, region_code, status, category, subcategory, priority, search_text,
                                   caller_number, created_at_ms, updated_at_ms, version, state)
            VALUES (\(bind: row.id), \(bind: row.number), \(bind: row.regionCode), \(bind: row.status),
                    \(bind: row.category), \(bind: row.subcategory), \(bind: row.priority), \(bind: row.searchText),
                    \(bind: row.callerNumber), \(bind: row.createdAt), \(bind: row.updatedAt), \(bind: row.version),
                    \(bind: row.state))
            """
        ).run()
        try await recordAgencies(of: incident, before: nil)
        try await recordResponseIntervals(of: incident, isNew: true)
        try await recordNotices(events, of: incident, at: metadata.at)
        return incident
    }

    /// Keeps `incident_agencies` (which agencies an incident was ever sent to) in step with the projection, so
    /// an agency's list is one indexed query.
    private func recordAgencies(of incident: Incident, before: Incident?) async throws {
        let known = Set(before?.dispatches.map(\.agencyID) ?? [])
        for agency in Set(incident.dispatches.map(\.agencyID)).subtracting(known).sorted() {
            try await database.raw(
                """
                INSERT INTO incident_agencies (incident_id, agency_id) VALUES (\(bind: incident.id.rawValue), \(bind: agency.rawValue))
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }

    /// Appends events that ``IncidentLifecycle/decide(_:on:rules:)`` produced for `incident` (as read in this
    /// transaction) and updates its projection. Throws ``StoreError/versionConflict(expected:actual:)`` if the
    /// stored incident moved on meanwhile.
    public func appendIncident(
        _ events: [IncidentEvent],
        to incident: Incident,
        metadata: EventMetadata
    ) async throws -> Incident {
        var updated = incident
        for event in events { updated.evolve(event, metadata) }
        // The projection first: its version check turns a concurrent writer into a clean conflict.
        let row = try IncidentRow(updated)
        let changed = try await database.raw(
            """
            UPDATE incidents SET status = \(bind: row.status), category = \(bind: row.category),
                subcategory = \(bind: row.subcategory), priority = \(bind: row.priority),
                search_text = \(bind: row.searchText), caller_number = \(bind: row.callerNumber),
                updated_at_ms = \(bind: row.updatedAt), version = \(bind: row.version), state = \(bind: row.state)
            WHERE id = \(bind: row.id) AND version = \(bind: incident.version)
            RETURNING id
            """
        ).first()
        guard changed != nil else {
            let actual = try await reader.incident(incident.id)?.version ?? 0
            throw StoreError.versionConflict(expected: incident.version, actual: actual)
        }
        _ = try await appendEvents(
            events, typeNames: events.map(\.type.rawValue),
            stream: ("incident", incident.id.rawValue, incident.regionCode), fromVersion: incident.version,
            metadata: metadata)
        try await recordAgencies(of: updated, before: incident)
        try await recordResponseIntervals(of: updated)
        try await recordNotices(events, of: updated, at: metadata.at)
        return updated
    }
}

/// The columns of an incident's projection row.
struct IncidentRow {
    var id: String
    var number: String
    var regionCode: String
    var status: String
    var category: String?
    var subcategory: String?
    var priority: String
    var searchText: String
    var callerNumber: String?
    var createdAt: Int64
    var updatedAt: Int64
    var version: Int
    var state: String

    init(_ incident: Incident) throws {
        id = incident.id.rawValue
        number = incident.number.description
        regionCode = incident.regionCode.rawValue
        status = incident.status.rawValue
        category = incident.classification?.category
        subcategory = incident.classification?.subcategory
        priority = incident.priority.rawValue
        // The caller's number is searched in its own column, and only for those who may see it.
        searchText = [
            incident.number.description, incident.description, incident.location?.address ?? "",
            incident.location?.detail?.spoken ?? "", incident.callerName ?? "",
        ].joined(separator: "\n").lowercased()
        callerNumber = incident.callerNumber?.rawValue
        createdAt = incident.createdAt.millisecondsSince1970
        updatedAt = incident.updatedAt.millisecondsSince1970
        version = incident.version
        state = try StoredJSON.encode(incident)
    }
}
