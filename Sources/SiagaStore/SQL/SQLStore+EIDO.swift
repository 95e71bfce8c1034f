public import Foundation
import SQLKit
public import SiagaCore

extension StoreReader {
    /// The incident an EIDO document with this `$id` already became in `region`, if it did.
    public func importedIncident(documentID: String, region: RegionCode) async throws -> IncidentID? {
        try await database.raw(
            """
            SELECT incident_id FROM eido_imports WHERE document_id = \(bind: documentID)
              AND region_code = \(bind: region.rawValue)
            """
        ).first().map { IncidentID(try $0.decode(column: "incident_id", as: String.self)) }
    }
}

extension WriteTransaction {
    /// Records that the document `documentID` became `incident`; false when another import recorded it first.
    public func recordEIDOImport(documentID: String, region: RegionCode, incident: IncidentID, at: Date) async throws
        -> Bool
    {
        try await database.raw(
            """
            INSERT INTO eido_imports (document_id, region_code, incident_id, at_ms)
            VALUES (\(bind: documentID), \(bind: region.rawValue), \(bind: incident.rawValue), \(bind: at.millisecondsSince1970))
            ON CONFLICT DO NOTHING RETURNING document_id
            """
        ).first() != nil
    }
}
