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
    /// Response policies read in this transaction, by region: every incident write needs its region's.
    var policies: [RegionCode: ResponsePolicyVersion] = [:]

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

    /// Appends `events` to the event log as stream `(type, id)` from `fromVersion + 1`, returning their ids. One
    /// statement for up to ``rowsPerStatement`` events: a round trip per event is what limits a write.
    func appendEvents<E: Encodable>(
        _ events: [E],
        typeNames: [String],
        stream: (type: String, id: String, region: RegionCode),
        fromVersion: Int,
        metadata: EventMetadata
    ) async throws -> [EventID] {
        let at = metadata.at.millisecondsSince1970
        let actor = metadata.actor.description
        var ids: [EventID] = []
        for chunk in Array(zip(events, typeNames).enumerated()).chunks(of: Self.rowsPerStatement) {
            let values = try chunk.map { offset, pair in
                SQLQueryString(
                    """
                    (\(bind: stream.type), \(bind: stream.id), \(bind: fromVersion + offset + 1), \(bind: stream.region.rawValue),
                     \(bind: pair.1), \(bind: at), \(bind: actor), \(bind: try StoredJSON.encode(pair.0)))
                    """)
            }
            let rows = try await database.raw(
                "INSERT INTO events (stream_type, stream_id, version, region_code, type, at_ms, actor, payload) VALUES "
                    + values.joined(separator: ", ") + " RETURNING id, version"
            ).all()
            // Matched by version: the order of RETURNING rows is not promised.
            let byVersion = try Dictionary(
                uniqueKeysWithValues: rows.map {
                    (try $0.decode(column: "version", as: Int.self), try $0.decode(column: "id", as: Int64.self))
                })
            ids += chunk.map { offset, _ in EventID(rawValue: byVersion[fromVersion + offset + 1]!) }
        }
        if dialect == .postgres, committed.isEmpty, !ids.isEmpty {
            // Delivered to every instance's listener when (and only if) this transaction commits.
            try await database.raw("SELECT pg_notify(\(bind: PostgresBackend.commitChannel), '')").run()
        }
        committed.append(contentsOf: ids)
        return ids
    }

    /// The most rows one multi-row INSERT carries, well inside both databases' limits on bound values.
    static let rowsPerStatement = 200

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

extension Array {
    /// The elements in consecutive slices of at most `size`.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
