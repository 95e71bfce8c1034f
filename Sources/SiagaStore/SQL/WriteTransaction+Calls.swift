import SQLKit
public import SiagaCore

extension WriteTransaction {
    /// Stores a new call from its `received` event and any events decided right after it (answered,
    /// dispositioned, ended…), all in this transaction.
    public func createCall(_ events: [CallEvent], metadata: EventMetadata) async throws -> Call {
        guard case .received(let received) = events.first else {
            preconditionFailure("a call's first event must be received")
        }
        var call = Call(received: received)
        for event in events.dropFirst() { call.evolve(event, metadata) }
        _ = try await appendEvents(
            events, typeNames: events.map(\.type.rawValue), stream: ("call", call.id.rawValue, call.regionCode),
            fromVersion: 0, metadata: metadata)
        let row = try CallRow(call)
        try await database.raw(
            """
            INSERT INTO calls (id, region_code, channel, caller_number, ring_at_ms, disposition, incident_id,
                               callback_open, callback_due_ms, version, state, answered_at_ms, call_taker)
            VALUES (\(bind: row.id), \(bind: row.regionCode), \(bind: row.channel), \(bind: row.callerNumber),
                    \(bind: row.ringAt), \(bind: row.disposition), \(bind: row.incidentID), \(bind: row.callbackOpen),
                    \(bind: row.callbackDue), \(bind: row.version), \(bind: row.state), \(bind: row.answeredAt),
                    \(bind: row.callTaker))
            """
        ).run()
        return call
    }

    /// Appends events that ``CallLifecycle/decide(_:on:now:)`` produced for `call` (as read in this transaction).
    public func appendCall(_ events: [CallEvent], to call: Call, metadata: EventMetadata) async throws -> Call {
        var updated = call
        for event in events { updated.evolve(event, metadata) }
        // The projection first: its version check turns a concurrent writer into a clean conflict.
        let row = try CallRow(updated)
        let changed = try await database.raw(
            """
            UPDATE calls SET disposition = \(bind: row.disposition), incident_id = \(bind: row.incidentID),
                callback_open = \(bind: row.callbackOpen), callback_due_ms = \(bind: row.callbackDue),
                version = \(bind: row.version), state = \(bind: row.state), answered_at_ms = \(bind: row.answeredAt),
                call_taker = \(bind: row.callTaker)
            WHERE id = \(bind: row.id) AND version = \(bind: call.version)
            RETURNING id
            """
        ).first()
        guard changed != nil else {
            let actual = try await reader.call(call.id)?.version ?? 0
            throw StoreError.versionConflict(expected: call.version, actual: actual)
        }
        _ = try await appendEvents(
            events, typeNames: events.map(\.type.rawValue), stream: ("call", call.id.rawValue, call.regionCode),
            fromVersion: call.version, metadata: metadata)
        return updated
    }
}

extension WriteTransaction {
    /// Fills the answer columns of a call stored before they existed.
    func updateCallAnswer(_ call: Call) async throws {
        let row = try CallRow(call)
        try await database.raw(
            """
            UPDATE calls SET answered_at_ms = \(bind: row.answeredAt), call_taker = \(bind: row.callTaker)
            WHERE id = \(bind: row.id)
            """
        ).run()
    }
}

/// The columns of a call's projection row.
struct CallRow {
    var id: String
    var regionCode: String
    var channel: String
    var callerNumber: String?
    var ringAt: Int64
    var disposition: String?
    var incidentID: String?
    var callbackOpen: Int
    var callbackDue: Int64?
    var version: Int
    var state: String
    var answeredAt: Int64?
    var callTaker: String?

    init(_ call: Call) throws {
        id = call.id.rawValue
        regionCode = call.regionCode.rawValue
        channel = call.channel.rawValue
        callerNumber = call.callerNumber?.rawValue
        ringAt = call.ringAt.millisecondsSince1970
        disposition = call.disposition?.rawValue
        incidentID = call.incidentID?.rawValue
        callbackOpen = call.callback?.isOpen == true ? 1 : 0
        callbackDue = call.callback?.dueAt.millisecondsSince1970
        version = call.version
        state = try StoredJSON.encode(call)
        answeredAt = call.answeredAt?.millisecondsSince1970
        callTaker = call.callTaker?.description
    }
}
