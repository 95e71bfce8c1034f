public import Foundation
import SQLKit
public import SiagaCore

/// An event from any stream, as the live feed and exports read it.
public struct StoredEvent: Hashable, Sendable {
    public var id: EventID
    public var streamType: String
    public var streamID: String
    public var version: Int
    public var regionCode: RegionCode
    public var type: String
    public var metadata: EventMetadata
    /// The event's `{"type", "data"}` JSON as stored.
    public var payload: String
}

extension StoredEvent {
    /// The event decoded as `E` with its place in its stream.
    public func recorded<E: Decodable & Hashable & Sendable>(as _: E.Type = E.self) throws -> Recorded<E> {
        do {
            return Recorded(
                id: id, streamID: streamID, version: version, metadata: metadata,
                event: try StoredJSON.decode(E.self, from: payload))
        } catch {
            throw StoreError.corruptRow(table: "events", id: id.description)
        }
    }
}

extension StoreReader {
    /// Committed events with ids above `after`, ascending, at most `limit`.
    public func events(after: EventID, limit: Int) async throws -> [StoredEvent] {
        try await database.raw(
            """
            SELECT id, stream_type, stream_id, version, region_code, type, at_ms, actor, payload FROM events
            WHERE id > \(bind: after.rawValue) ORDER BY id LIMIT \(bind: limit)
            """
        ).all().map(storedEvent)
    }

    /// Whether any event is dated after `moment` (a scan of the log: for checks, not for requests).
    public func hasEvents(datedAfter moment: Date) async throws -> Bool {
        try await database.raw(
            "SELECT 1 AS found FROM events WHERE at_ms > \(bind: moment.millisecondsSince1970) LIMIT 1"
        ).first() != nil
    }

    /// Events of `type` in `region` between `from` and `before`, oldest first, at most `limit`.
    public func events(
        ofType type: String, in region: RegionCode, from: Date?, before: Date?, limit: Int
    ) async throws -> [StoredEvent] {
        var select = database.select()
            .columns("id", "stream_type", "stream_id", "version", "region_code", "type", "at_ms", "actor", "payload")
            .from("events").where("type", .equal, type).where("region_code", .equal, region.rawValue)
        if let from { select = select.where("at_ms", .greaterThanOrEqual, from.millisecondsSince1970) }
        if let before { select = select.where("at_ms", .lessThan, before.millisecondsSince1970) }
        return try await select.orderBy("id").limit(limit).all().map(storedEvent)
    }

    /// The agencies each of `incidents` was ever dispatched to.
    public func dispatchedAgencies(of incidents: [String]) async throws -> [String: Set<AgencyID>] {
        guard !incidents.isEmpty else { return [:] }
        var agencies: [String: Set<AgencyID>] = [:]
        for row in try await database.select().columns("incident_id", "agency_id").from("incident_agencies")
            .where("incident_id", .in, incidents).all()
        {
            agencies[try row.decode(column: "incident_id", as: String.self), default: []].insert(
                AgencyID(try row.decode(column: "agency_id", as: String.self)))
        }
        return agencies
    }

    /// The newest committed event id, or 0 for an empty log.
    public func lastEventID() async throws -> EventID {
        let row = try await database.raw("SELECT COALESCE(MAX(id), 0) AS last FROM events").first()
        return EventID(rawValue: try row?.decode(column: "last", as: Int64.self) ?? 0)
    }

    func events<E: Decodable & Hashable & Sendable>(streamType: String, streamID: String) async throws -> [Recorded<E>]
    {
        try await database.raw(
            """
            SELECT id, stream_type, stream_id, version, region_code, type, at_ms, actor, payload FROM events
            WHERE stream_type = \(bind: streamType) AND stream_id = \(bind: streamID) ORDER BY version
            """
        ).all().map { row in
            let stored = try storedEvent(row)
            do {
                return Recorded(
                    id: stored.id, streamID: stored.streamID, version: stored.version, metadata: stored.metadata,
                    event: try StoredJSON.decode(E.self, from: stored.payload))
            } catch {
                throw StoreError.corruptRow(table: "events", id: stored.id.description)
            }
        }
    }

    private func storedEvent(_ row: any SQLRow) throws -> StoredEvent {
        let id = try row.decode(column: "id", as: Int64.self)
        guard let actor = Actor(stored: try row.decode(column: "actor", as: String.self)),
            let region = RegionCode(try row.decode(column: "region_code", as: String.self))
        else { throw StoreError.corruptRow(table: "events", id: String(id)) }
        return StoredEvent(
            id: EventID(rawValue: id),
            streamType: try row.decode(column: "stream_type", as: String.self),
            streamID: try row.decode(column: "stream_id", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            regionCode: region,
            type: try row.decode(column: "type", as: String.self),
            metadata: EventMetadata(
                at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)), actor: actor),
            payload: try row.decode(column: "payload", as: String.self))
    }
}
