import Foundation
import SQLKit
public import SiagaCore

/// The operations of one write transaction. Only ``SQLStore/write(idempotency:now:_:)`` makes one; it is valid
/// until its body returns.
public final class WriteTransaction {
    let database: any SQLDatabase
    let dialect: SQLStoreDialect
    /// Event ids committed by this transaction, in order.
    private(set) var committed: [EventID] = []

    init(database: any SQLDatabase, dialect: SQLStoreDialect) {
        self.database = database
        self.dialect = dialect
    }

    /// Reads inside the transaction: they see its own uncommitted writes.
    public var reader: StoreReader { StoreReader(database: database, dialect: dialect) }

    /// The next number of the region's local day, unique under concurrent writers.
    public func nextIncidentNumber(region: RegionCode, day: LocalDay) async throws -> IncidentNumber {
        let row = try await database.raw(
            """
            INSERT INTO incident_sequences (region_code, local_day, last_sequence)
            VALUES (\(bind: region.rawValue), \(bind: day.description), 1)
            ON CONFLICT (region_code, local_day) DO UPDATE SET last_sequence = incident_sequences.last_sequence + 1
            RETURNING last_sequence
            """
        ).first()
        let sequence = try row!.decode(column: "last_sequence", as: Int.self)
        return IncidentNumber(region: region, day: day, sequence: sequence)
    }

    /// Appends `events` to the event log as stream `(type, id)` from `fromVersion + 1`, returning their ids.
    func appendEvents<E: Encodable>(
        _ events: [E],
        typeNames: [String],
        stream: (type: String, id: String, region: RegionCode),
        fromVersion: Int,
        metadata: EventMetadata
    ) async throws -> [EventID] {
        var ids: [EventID] = []
        for (offset, (event, type)) in zip(events, typeNames).enumerated() {
            let row = try await database.raw(
                """
                INSERT INTO events (stream_type, stream_id, version, region_code, type, at_ms, actor, payload)
                VALUES (\(bind: stream.type), \(bind: stream.id), \(bind: fromVersion + offset + 1),
                        \(bind: stream.region.rawValue), \(bind: type), \(bind: metadata.at.millisecondsSince1970),
                        \(bind: metadata.actor.description), \(bind: try StoredJSON.encode(event)))
                RETURNING id
                """
            ).first()
            ids.append(EventID(rawValue: try row!.decode(column: "id", as: Int64.self)))
        }
        if dialect == .postgres, committed.isEmpty, !ids.isEmpty {
            // Delivered to every instance's listener when (and only if) this transaction commits.
            try await database.raw("SELECT pg_notify(\(bind: PostgresBackend.commitChannel), '')").run()
        }
        committed.append(contentsOf: ids)
        return ids
    }

    func idempotentResponse(for claim: IdempotencyClaim) async throws -> StoredResponse? {
        guard
            let row = try await database.raw(
                """
                SELECT fingerprint, status, body, location FROM idempotency_keys
                WHERE scope = \(bind: claim.scope) AND key = \(bind: claim.key)
                """
            ).first()
        else { return nil }
        guard try row.decode(column: "fingerprint", as: String.self) == claim.fingerprint else {
            throw StoreError.idempotencyKeyReused
        }
        return StoredResponse(
            status: try row.decode(column: "status", as: Int.self),
            body: try row.decode(column: "body", as: String.self),
            location: try row.decode(column: "location", as: String?.self))
    }

    func record(_ response: StoredResponse, for claim: IdempotencyClaim, now: Date) async throws {
        try await database.raw(
            """
            INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, location, created_at_ms)
            VALUES (\(bind: claim.scope), \(bind: claim.key), \(bind: claim.fingerprint), \(bind: response.status),
                    \(bind: response.body), \(bind: response.location), \(bind: now.millisecondsSince1970))
            """
        ).run()
    }
}
