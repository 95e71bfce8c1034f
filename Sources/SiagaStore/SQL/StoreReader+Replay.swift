public import Foundation
import SQLKit
public import SiagaCore

/// A region's incidents and calls rebuilt from the event log alone, without their projections: what a report
/// would cost without them (`siaga bench` measures it), and a check that the projections say what the log says.
public struct LogReplay: Sendable {
    public var incidents: [IncidentID: Incident] = [:]
    public var calls: [CallID: Call] = [:]
    /// Events read, of every stream.
    public var events = 0
}

extension StoreReader {
    /// Reads every event of `region` in log order (or those recorded in `[from, to)`), `pageSize` at a time, and
    /// folds the incident and call streams through the core's `evolve`. A stream whose first event is outside
    /// the window is left out.
    public func replayLog(of region: RegionCode, from: Date? = nil, to: Date? = nil, pageSize: Int = 10_000)
        async throws -> LogReplay
    {
        var replay = LogReplay()
        var after: Int64 = 0
        let (start, end) = (from?.millisecondsSince1970 ?? .min, to?.millisecondsSince1970 ?? .max)
        while true {
            let rows = try await database.raw(
                """
                SELECT id, stream_type, stream_id, at_ms, actor, payload FROM events
                WHERE region_code = \(bind: region.rawValue) AND id > \(bind: after)
                  AND at_ms >= \(bind: start) AND at_ms < \(bind: end)
                ORDER BY id LIMIT \(bind: pageSize)
                """
            ).all()
            for row in rows {
                after = try row.decode(column: "id", as: Int64.self)
                replay.events += 1
                try fold(row, id: after, region: region, into: &replay)
            }
            if rows.count < pageSize { return replay }
        }
    }

    private func fold(_ row: any SQLRow, id: Int64, region: RegionCode, into replay: inout LogReplay) throws {
        let stream = try row.decode(column: "stream_type", as: String.self)
        guard stream == "incident" || stream == "call" else { return }
        guard let actor = Actor(stored: try row.decode(column: "actor", as: String.self)) else {
            throw StoreError.corruptRow(table: "events", id: String(id))
        }
        let metadata = EventMetadata(
            at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)), actor: actor)
        let payload = try row.decode(column: "payload", as: String.self)
        let streamID = try row.decode(column: "stream_id", as: String.self)
        do {
            if stream == "incident" {
                let event = try StoredJSON.decode(IncidentEvent.self, from: payload)
                let key = IncidentID(streamID)
                if case .created(let created) = event {
                    replay.incidents[key] = Incident(created: created, regionCode: region, metadata: metadata)
                } else {
                    replay.incidents[key]?.evolve(event, metadata)
                }
            } else {
                let event = try StoredJSON.decode(CallEvent.self, from: payload)
                let key = CallID(streamID)
                if case .received(let received) = event {
                    replay.calls[key] = Call(received: received)
                } else {
                    replay.calls[key]?.evolve(event, metadata)
                }
            }
        } catch {
            throw StoreError.corruptRow(table: "events", id: String(id))
        }
    }
}
