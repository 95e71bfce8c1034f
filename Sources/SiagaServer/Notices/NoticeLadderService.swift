import Foundation
import SiagaCore
import SiagaStore

/// Sets agencies' notice ladders: region configuration, audited like the agency itself.
struct NoticeLadderService: Sendable {
    let now: @Sendable () -> Date

    func save(_ ladder: NoticeLadder, of id: AgencyID, as acting: Acting, address: String?)
        -> UnitOfWork<(Agency, NoticeLadder)>
    {
        let at = now().truncatedToMilliseconds
        return UnitOfWork(at: at) { transaction in
            guard let agency = try await transaction.reader.agency(id) else { throw AgencyNotFound(id: id) }
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            try await transaction.saveNoticeLadder(ladder, of: id, in: agency.regionCode, at: at)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .noticeLadderChanged, target: id.rawValue,
                    region: agency.regionCode, address: address,
                    detail: [
                        "rungs": ladder.rungs.map { "\($0.channel.rawValue)+\($0.afterSeconds)s" }
                            .joined(separator: " → ")
                    ]))
            return (agency, ladder)
        }
    }
}
