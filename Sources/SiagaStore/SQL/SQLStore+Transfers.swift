public import Foundation
import SQLKit
public import SiagaCore

/// A request an incident here made, as the answer timer and the answers coming back find it.
public struct OutgoingTransfer: Hashable, Sendable {
    public var id: TransferID
    public var incidentID: IncidentID
    public var region: RegionCode
    public var peer: RegionCode
    public var state: IncidentTransfer.State
    public var answerDue: Date
}

/// A message for another deployment, kept until it takes it.
public struct InteropMessage: Hashable, Sendable {
    public var id: String
    /// The region here the message speaks for.
    public var region: RegionCode
    public var peer: RegionCode
    /// The path under the peer's address, e.g. `/api/v1/interop/transfers`.
    public var path: String
    public var body: String
    public var createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
    public var failedAt: Date?
    public var lastError: String?

    public init(id: String, region: RegionCode, peer: RegionCode, path: String, body: String, createdAt: Date) {
        self.id = id
        self.region = region
        self.peer = peer
        self.path = path
        self.body = body
        self.createdAt = createdAt
        self.attempts = 0
        self.nextAttemptAt = createdAt
    }
}

extension StoreReader {
    /// The request `id` an incident here made.
    public func outgoingTransfer(_ id: TransferID) async throws -> OutgoingTransfer? {
        try await database.raw(
            """
            SELECT transfer_id, incident_id, region_code, peer_region, state, answer_due_ms FROM transfers_out
            WHERE transfer_id = \(bind: id.rawValue)
            """
        ).first().map(Self.outgoing)
    }

    /// Requests still waiting for their first answer at `now`, past their due time: the oldest first.
    public func overdueTransfers(at now: Date, limit: Int = 50) async throws -> [OutgoingTransfer] {
        try await database.raw(
            """
            SELECT transfer_id, incident_id, region_code, peer_region, state, answer_due_ms FROM transfers_out
            WHERE state = 'requested' AND answer_due_ms <= \(bind: now.millisecondsSince1970)
            ORDER BY answer_due_ms LIMIT \(bind: limit)
            """
        ).all().map(Self.outgoing)
    }

    private static func outgoing(_ row: any SQLRow) throws -> OutgoingTransfer {
        OutgoingTransfer(
            id: TransferID(try row.decode(column: "transfer_id", as: String.self)),
            incidentID: IncidentID(try row.decode(column: "incident_id", as: String.self)),
            region: RegionCode(try row.decode(column: "region_code", as: String.self)) ?? RegionCode("00.00")!,
            peer: RegionCode(try row.decode(column: "peer_region", as: String.self)) ?? RegionCode("00.00")!,
            state: IncidentTransfer.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .requested,
            answerDue: Date(millisecondsSince1970: try row.decode(column: "answer_due_ms", as: Int64.self)))
    }

    /// The request `id` received for `region`.
    public func receivedTransfer(_ id: TransferID, region: RegionCode) async throws -> ReceivedTransfer? {
        try await database.raw(
            """
            SELECT document FROM transfers_in WHERE transfer_id = \(bind: id.rawValue)
              AND region_code = \(bind: region.rawValue)
            """
        ).first().map {
            try StoredJSON.decode(ReceivedTransfer.self, from: $0.decode(column: "document", as: String.self))
        }
    }

    /// The request `id` received for any region here: a request's id is its sender's, unique to it.
    public func receivedTransfers(_ id: TransferID) async throws -> [ReceivedTransfer] {
        try await database.raw(
            "SELECT document FROM transfers_in WHERE transfer_id = \(bind: id.rawValue) ORDER BY region_code"
        ).all().map {
            try StoredJSON.decode(ReceivedTransfer.self, from: $0.decode(column: "document", as: String.self))
        }
    }

    /// The region's received requests: those in `states`, or answered since `since`; newest first.
    public func receivedTransfers(
        of region: RegionCode, states: Set<ReceivedTransfer.State>, since: Date, limit: Int = 100
    ) async throws -> [ReceivedTransfer] {
        let names = states.map(\.rawValue).sorted()
        return try await database.raw(
            """
            SELECT document FROM transfers_in WHERE region_code = \(bind: region.rawValue)
              AND state IN (\(binds: names.isEmpty ? [""] : names))
              AND (state = 'pending' OR received_at_ms >= \(bind: since.millisecondsSince1970))
            ORDER BY received_at_ms DESC, transfer_id LIMIT \(bind: limit)
            """
        ).all().map {
            try StoredJSON.decode(ReceivedTransfer.self, from: $0.decode(column: "document", as: String.self))
        }
    }

    /// Messages due for delivery at `now`, oldest first.
    public func dueInteropMessages(at now: Date, limit: Int = 20) async throws -> [InteropMessage] {
        try await interopMessages(
            "delivered_at_ms IS NULL AND failed_at_ms IS NULL AND next_attempt_ms <= \(now.millisecondsSince1970)",
            limit: limit)
    }

    /// The latest messages to every peer, newest first: what the region's IT checks when a neighbour hears nothing.
    public func recentInteropMessages(limit: Int = 100) async throws -> [InteropMessage] {
        try await interopMessages("1 = 1", limit: limit, newestFirst: true)
    }

    private func interopMessages(_ condition: String, limit: Int, newestFirst: Bool = false) async throws
        -> [InteropMessage]
    {
        try await database.raw(
            """
            SELECT id, region_code, peer_region, path, body, created_at_ms, attempts, next_attempt_ms, delivered_at_ms,
                   failed_at_ms, last_error
            FROM interop_outbox WHERE \(unsafeRaw: condition)
            ORDER BY created_at_ms \(unsafeRaw: newestFirst ? "DESC" : "ASC"), id LIMIT \(bind: limit)
            """
        ).all().map { row in
            func date(_ column: String) throws -> Date? {
                try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
            }
            var message = InteropMessage(
                id: try row.decode(column: "id", as: String.self),
                region: RegionCode(try row.decode(column: "region_code", as: String.self)) ?? RegionCode("00.00")!,
                peer: RegionCode(try row.decode(column: "peer_region", as: String.self)) ?? RegionCode("00.00")!,
                path: try row.decode(column: "path", as: String.self),
                body: try row.decode(column: "body", as: String.self),
                createdAt: try date("created_at_ms") ?? .distantPast)
            message.attempts = try row.decode(column: "attempts", as: Int.self)
            message.nextAttemptAt = try date("next_attempt_ms") ?? .distantPast
            message.deliveredAt = try date("delivered_at_ms")
            message.failedAt = try date("failed_at_ms")
            message.lastError = try row.decode(column: "last_error", as: String?.self)
            return message
        }
    }
}

extension WriteTransaction {
    /// Records a request an incident here made, for its answer timer.
    public func recordOutgoingTransfer(_ transfer: IncidentTransfer, of incident: Incident) async throws {
        try await database.raw(
            """
            INSERT INTO transfers_out (transfer_id, incident_id, region_code, peer_region, state, answer_due_ms)
            VALUES (\(bind: transfer.id.rawValue), \(bind: incident.id.rawValue), \(bind: incident.regionCode.rawValue),
                    \(bind: transfer.peer.rawValue), \(bind: transfer.state.rawValue),
                    \(bind: transfer.answerDue.millisecondsSince1970))
            """
        ).run()
    }

    /// Keeps the request's row in step with the incident's view of it.
    public func updateOutgoingTransfer(_ id: TransferID, state: IncidentTransfer.State) async throws {
        try await database.raw(
            "UPDATE transfers_out SET state = \(bind: state.rawValue) WHERE transfer_id = \(bind: id.rawValue)"
        ).run()
    }

    /// Puts a received request in the region's tray, with its event for the live consoles. A request already
    /// received (sent again) is left as it is: returns false.
    public func receiveTransfer(_ transfer: ReceivedTransfer, metadata: EventMetadata) async throws -> Bool {
        let inserted = try await database.raw(
            """
            INSERT INTO transfers_in (transfer_id, region_code, origin_region, state, received_at_ms, version, document)
            VALUES (\(bind: transfer.id.rawValue), \(bind: transfer.region.rawValue),
                    \(bind: transfer.origin.region.rawValue), \(bind: transfer.state.rawValue),
                    \(bind: transfer.receivedAt.millisecondsSince1970), 1, \(bind: try StoredJSON.encode(transfer)))
            ON CONFLICT DO NOTHING RETURNING transfer_id
            """
        ).first()
        guard inserted != nil else { return false }
        let event = TransferEvent.received(transfer)
        _ = try await appendEvents(
            [event], typeNames: [event.typeName], stream: ("transfer", Self.stream(transfer), transfer.region),
            fromVersion: 0, metadata: metadata)
        return true
    }

    /// Records what became of a received request (`event` carries it as it now is), if it was still pending as
    /// this transaction sees it; returns false when another answer got there first.
    public func answerReceivedTransfer(_ event: TransferEvent, metadata: EventMetadata) async throws -> Bool {
        let transfer = event.transfer
        let updated = try await database.raw(
            """
            UPDATE transfers_in SET state = \(bind: transfer.state.rawValue), version = version + 1,
                document = \(bind: try StoredJSON.encode(transfer))
            WHERE transfer_id = \(bind: transfer.id.rawValue) AND region_code = \(bind: transfer.region.rawValue)
              AND state = 'pending'
            RETURNING version
            """
        ).first()
        guard let version = try updated?.decode(column: "version", as: Int.self) else { return false }
        _ = try await appendEvents(
            [event], typeNames: [event.typeName], stream: ("transfer", Self.stream(transfer), transfer.region),
            fromVersion: version - 1, metadata: metadata)
        return true
    }

    private static func stream(_ transfer: ReceivedTransfer) -> String {
        "transfer-\(transfer.id.rawValue)-\(transfer.region.compact)"
    }

    /// Queues `message` for its peer; the delivery service sends it.
    public func enqueueInterop(_ message: InteropMessage) async throws {
        try await database.raw(
            """
            INSERT INTO interop_outbox (id, region_code, peer_region, path, body, created_at_ms, attempts,
                                        next_attempt_ms)
            VALUES (\(bind: message.id), \(bind: message.region.rawValue), \(bind: message.peer.rawValue), \(bind: message.path), \(bind: message.body),
                    \(bind: message.createdAt.millisecondsSince1970), 0, \(bind: message.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// The peer took the message.
    public func markInteropDelivered(_ id: String, at: Date) async throws {
        try await database.raw(
            """
            UPDATE interop_outbox SET delivered_at_ms = \(bind: at.millisecondsSince1970), attempts = attempts + 1,
                last_error = NULL
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The peer could not be reached or failed: try again at `next`, or never (`next` nil: it refused the
    /// message itself, and sending it again would be refused again).
    public func markInteropAttempt(_ id: String, error: String, next: Date?, at: Date) async throws {
        if let next {
            try await database.raw(
                """
                UPDATE interop_outbox SET attempts = attempts + 1, next_attempt_ms = \(bind: next.millisecondsSince1970),
                    last_error = \(bind: String(error.prefix(500)))
                WHERE id = \(bind: id)
                """
            ).run()
        } else {
            try await database.raw(
                """
                UPDATE interop_outbox SET attempts = attempts + 1, failed_at_ms = \(bind: at.millisecondsSince1970),
                    last_error = \(bind: String(error.prefix(500)))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}
