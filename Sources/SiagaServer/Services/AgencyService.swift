import Foundation
import SiagaCore
import SiagaStore

/// Adds agencies to regions and changes them; every change is audited with what it changed.
struct AgencyService: Sendable {
    let dependencies: Dependencies

    /// Adds `agency` to its region; refused at once when the principal may not configure that region.
    func create(_ agency: Agency, as acting: Acting, address: String?) throws -> UnitOfWork<Agency> {
        try acting.authorize(.regionConfigure, .region(agency.regionCode))
        let at = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(at: at) { transaction in
            guard try await transaction.reader.region(agency.regionCode) != nil else {
                throw ValidationError([FieldError("regionCode", .unknownValue(allowed: []))])
            }
            guard try await transaction.reader.agency(agency.id) == nil else { throw AgencyExists(id: agency.id) }
            try await transaction.upsertAgency(agency)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .agencyCreated, target: agency.id.rawValue,
                    region: agency.regionCode, address: address))
            return agency
        }
    }

    /// Applies `change` to the agency as the transaction sees it.
    func update(
        _ id: AgencyID, as acting: Acting, address: String?,
        _ change: @escaping @Sendable (Agency) throws -> Agency
    ) -> UnitOfWork<Agency> {
        let at = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(at: at) { transaction in
            guard let agency = try await transaction.reader.agency(id) else { throw AgencyNotFound(id: id) }
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            let updated = try change(agency)
            try await transaction.upsertAgency(updated)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .agencyChanged, target: id.rawValue,
                    region: agency.regionCode, address: address, detail: AuditDetail.changes(from: agency, to: updated))
            )
            return updated
        }
    }
}
