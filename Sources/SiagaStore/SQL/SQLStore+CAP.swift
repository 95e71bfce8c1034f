public import Foundation
import SQLKit
public import SiagaCore

/// A CAP message as stored: the alert, its XML as served, and what replaced it.
public struct StoredCAPAlert: Hashable, Sendable {
    public var region: RegionCode
    public var alert: CAPAlert
    public var xml: String
    /// The update or cancel that replaced it; nil while it is the region's word on the matter.
    public var replacedBy: String?
    public var issuedBy: Actor

    public init(region: RegionCode, alert: CAPAlert, xml: String, replacedBy: String?, issuedBy: Actor) {
        self.region = region
        self.alert = alert
        self.xml = xml
        self.replacedBy = replacedBy
        self.issuedBy = issuedBy
    }
}

extension StoreReader {
    public func capAlert(_ identifier: String) async throws -> StoredCAPAlert? {
        try await database.raw(
            """
            SELECT region_code, alert, xml, replaced_by, issued_by FROM cap_alerts
            WHERE identifier = \(bind: identifier)
            """
        ).first().map(storedCAPAlert)
    }

    /// The region's messages sent at or after `since`, newest first.
    public func capAlerts(of region: RegionCode, since: Date, limit: Int = 100) async throws -> [StoredCAPAlert] {
        try await database.raw(
            """
            SELECT region_code, alert, xml, replaced_by, issued_by FROM cap_alerts
            WHERE region_code = \(bind: region.rawValue) AND sent_at_ms >= \(bind: since.millisecondsSince1970)
            ORDER BY sent_at_ms DESC, identifier DESC LIMIT \(bind: limit)
            """
        ).all().map(storedCAPAlert)
    }

    /// How many messages the region sent since `since`: the next identifier's sequence.
    public func capAlertCount(of region: RegionCode) async throws -> Int {
        try await database.raw(
            "SELECT COUNT(*) AS n FROM cap_alerts WHERE region_code = \(bind: region.rawValue)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func storedCAPAlert(_ row: any SQLRow) throws -> StoredCAPAlert {
        let regionText = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(regionText),
            let actor = Actor(stored: try row.decode(column: "issued_by", as: String.self))
        else { throw StoreError.corruptRow(table: "cap_alerts", id: regionText) }
        return StoredCAPAlert(
            region: region,
            alert: try StoredJSON.decode(CAPAlert.self, from: try row.decode(column: "alert", as: String.self)),
            xml: try row.decode(column: "xml", as: String.self),
            replacedBy: try row.decode(column: "replaced_by", as: String?.self), issuedBy: actor)
    }
}

extension WriteTransaction {
    /// Stores `alert` as issued; an update or a cancel marks the message it references as replaced, and is refused
    /// (false) when that message was already replaced meanwhile.
    public func recordCAPAlert(_ alert: CAPAlert, xml: String, region: RegionCode, by actor: Actor) async throws -> Bool
    {
        if let replaced = alert.references.last {
            let marked = try await database.raw(
                """
                UPDATE cap_alerts SET replaced_by = \(bind: alert.identifier)
                WHERE identifier = \(bind: replaced.identifier) AND replaced_by IS NULL RETURNING identifier
                """
            ).first()
            guard marked != nil else { return false }
        }
        let expires = alert.info.map(\.expires).max() ?? alert.sent
        try await database.raw(
            """
            INSERT INTO cap_alerts (identifier, region_code, message_type, sent_at_ms, expires_at_ms, replaced_by,
                                    issued_by, alert, xml)
            VALUES (\(bind: alert.identifier), \(bind: region.rawValue), \(bind: alert.messageType.rawValue),
                    \(bind: alert.sent.millisecondsSince1970), \(bind: expires.millisecondsSince1970), NULL,
                    \(bind: actor.description), \(bind: try StoredJSON.encode(alert)), \(bind: xml))
            """
        ).run()
        return true
    }
}
