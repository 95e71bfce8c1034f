import Foundation
import SiagaCore
import SiagaStore

/// Records what was read out of the system and by whom (exports, revealed numbers): reads that leave a trace.
/// Changes are audited by the service that makes them, in the same transaction.
struct AuditTrail: Sendable {
    let store: SQLStore
    let now: @Sendable () -> Date

    /// Records that `actor` did `action`, now.
    func record(
        _ action: AuditAction, by actor: Actor, address: String?, target: String?, region: RegionCode?,
        detail: [String: String] = [:]
    ) async throws {
        let entry = AuditEntry(
            at: now().truncatedToMilliseconds, actor: actor, action: action, target: target, region: region,
            address: address, detail: detail)
        try await store.transaction { try await $0.appendAudit(entry) }
    }
}

extension AuthorizedContext {
    /// Records that this request's principal did `action`.
    func record(
        _ action: AuditAction, in trail: AuditTrail, target: String?, region: RegionCode?,
        detail: [String: String] = [:]
    ) async throws {
        try await trail.record(
            action, by: actor, address: address, target: target, region: region, detail: detail)
    }
}
