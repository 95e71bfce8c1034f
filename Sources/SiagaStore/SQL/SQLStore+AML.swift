public import Foundation
import SQLKit
public import SiagaCore

/// An AML message as recorded.
public struct RecordedAML: Hashable, Sendable {
    /// What became of a message.
    public enum Status: String, Sendable, CaseIterable {
        /// Attached to the sender's call.
        case attached
        /// No call from the sender yet: attached when the call is recorded.
        case held
        /// The handset found no position.
        case noPosition
        case rejected
    }

    public var id: Int64
    public var sender: PhoneNumber
    public var receivedAt: Date
    public var status: Status
    public var reason: String?
    public var callID: CallID?
    public var location: Location?
    public var message: String
    /// The reach of the gateway that submitted it: a held message attaches only to a call within it.
    public var jurisdiction: Jurisdiction?
}

extension WriteTransaction {
    @discardableResult
    public func recordAML(
        _ message: String, sender: PhoneNumber, at: Date, status: RecordedAML.Status, reason: String?, call: CallID?,
        location: Location?, submittedWithin jurisdiction: Jurisdiction
    ) async throws -> Int64 {
        let row = try await database.raw(
            """
            INSERT INTO aml_messages (sender, received_at_ms, status, reason, call_id, location, message, jurisdiction)
            VALUES (\(bind: sender.rawValue), \(bind: at.millisecondsSince1970), \(bind: status.rawValue), \(bind: reason),
                    \(bind: call?.rawValue), \(bind: try location.map { try StoredJSON.encode($0) }), \(bind: message),
                    \(bind: jurisdiction.description))
            RETURNING id
            """
        ).first()
        return try row!.decode(column: "id", as: Int64.self)
    }

    /// Marks held messages as attached to `call`.
    public func attachHeldAML(_ ids: [Int64], to call: CallID) async throws {
        guard !ids.isEmpty else { return }
        try await database.update("aml_messages").set("status", to: RecordedAML.Status.attached.rawValue)
            .set("call_id", to: call.rawValue).where("id", .in, ids).run()
    }
}

extension StoreReader {
    /// The sender's most recent call that rang since `since`.
    public func latestCall(from number: PhoneNumber, since: Date) async throws -> Call? {
        try await calls(matching: CallQuery(callerNumber: number, from: since, limit: 1)).first
    }

    /// Messages from `sender` received since `since` with `status`, oldest first.
    /// With a `jurisdiction` short of the nation, only messages attached to calls taken within it, and those not
    /// attached to any call that a gateway of exactly that reach submitted.
    public func amlMessages(
        from sender: PhoneNumber?, status: RecordedAML.Status?, since: Date?, limit: Int, newestFirst: Bool = false,
        within jurisdiction: Jurisdiction = .nation
    ) async throws -> [RecordedAML] {
        var select = database.select()
            .columns(
                "id", "sender", "received_at_ms", "status", "reason", "call_id", "location", "message", "jurisdiction"
            ).from("aml_messages")
        if let sender { select = select.where("sender", .equal, sender.rawValue) }
        if let status { select = select.where("status", .equal, status.rawValue) }
        if let since { select = select.where("received_at_ms", .greaterThanOrEqual, since.millisecondsSince1970) }
        switch jurisdiction {
        case .nation: break
        case .province(let code):
            select = select.where(
                SQLQueryString(
                    """
                    (call_id IN (SELECT id FROM calls WHERE region_code LIKE \(bind: code + ".%"))
                     OR (call_id IS NULL AND (jurisdiction = \(bind: code) OR jurisdiction LIKE \(bind: code + ".%"))))
                    """))
        case .region(let code):
            select = select.where(
                SQLQueryString(
                    """
                    (call_id IN (SELECT id FROM calls WHERE region_code = \(bind: code.rawValue))
                     OR (call_id IS NULL AND jurisdiction = \(bind: code.rawValue)))
                    """))
        }
        return try await select.orderBy("id", newestFirst ? .descending : .ascending).limit(limit).all().map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            guard let sender = PhoneNumber(try row.decode(column: "sender", as: String.self)),
                let status = RecordedAML.Status(rawValue: try row.decode(column: "status", as: String.self))
            else { throw StoreError.corruptRow(table: "aml_messages", id: String(id)) }
            return RecordedAML(
                id: id, sender: sender,
                receivedAt: Date(millisecondsSince1970: try row.decode(column: "received_at_ms", as: Int64.self)),
                status: status, reason: try row.decode(column: "reason", as: String?.self),
                callID: try row.decode(column: "call_id", as: String?.self).map(CallID.init),
                location: try row.decode(column: "location", as: String?.self).flatMap {
                    try? StoredJSON.decode(Location.self, from: $0)
                },
                message: try row.decode(column: "message", as: String.self),
                jurisdiction: try row.decode(column: "jurisdiction", as: String?.self).flatMap(Jurisdiction.init))
        }
    }
}
