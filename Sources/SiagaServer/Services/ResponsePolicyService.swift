import Foundation
import SiagaCore
import SiagaStore

/// Saves new versions of a region's response-time policy; running steps are re-timed under it at once.
struct ResponsePolicyService: Sendable {
    let dependencies: Dependencies

    /// Saves `policy` as the region's next version.
    func replace(_ policy: ResponsePolicy, reason: String, region: RegionCode, actor: Actor, address: String?)
        -> UnitOfWork<ResponsePolicyVersion>
    {
        let at = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(at: at) { transaction in
            guard try await transaction.reader.region(region) != nil else { throw StoreError.regionNotFound(region) }
            let agencies = Set(try await transaction.reader.agencies(of: region).map(\.id))
            var problems: [FieldError] = []
            for (index, target) in policy.targets.enumerated() {
                if let agency = target.agencyID, !agencies.contains(agency) {
                    problems.append(FieldError("targets[\(index)].agencyId", .unknownValue(allowed: [])))
                }
            }
            try ValidationError.check(problems)
            let version = try await transaction.saveResponsePolicy(
                policy, for: region, author: actor, at: at, reason: reason)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: actor, action: .responsePolicyChanged, target: region.rawValue, region: region,
                    address: address,
                    detail: [
                        "version": String(version.version), "targets": String(policy.targets.count), "reason": reason,
                    ]))
            return version
        }
    }
}
