import Foundation
import SiagaCore
import SiagaStore

/// Closes resolved incidents that nobody verified within their region's `autoCloseAfterHours`, as
/// `system:auto-close`. Each close is an ordinary command with its own version check, so a supervisor closing at
/// the same moment wins cleanly.
struct AutoCloser: Sendable {
    let dependencies: Dependencies

    /// Closes every overdue resolved incident now; returns the ones it closed.
    func closeOverdue() async throws -> [IncidentID] {
        let now = dependencies.now()
        var closed: [IncidentID] = []
        for region in try await dependencies.store.read({ try await $0.regions() }) {
            guard let hours = region.policy.autoCloseAfterHours else { continue }
            let due = now.addingTimeInterval(-Double(hours) * 3600)
            var after: IncidentCursor?
            repeat {
                let page = try await dependencies.store.read {
                    try await $0.incidents(
                        matching: IncidentQuery(
                            regionCode: region.code, statuses: [.resolved], after: after, limit: 200))
                }
                for incident in page.items where (incident.resolvedAt ?? now) <= due {
                    if try await close(incident, hours: hours) { closed.append(incident.id) }
                }
                after = page.next
            } while after != nil
        }
        return closed
    }

    /// Closes one incident; a conflict or a refusal (someone acted on it meanwhile) leaves it for the next round.
    private func close(_ incident: Incident, hours: Int) async throws -> Bool {
        do {
            try await dependencies.store.perform(
                IncidentService(dependencies: dependencies).execute(
                    .close(note: "Ditutup otomatis \(hours) jam setelah selesai ditangani"), on: incident.id,
                    expectedVersion: incident.version, as: .trusted(.system("auto-close"))))
            return true
        } catch is IncidentVersionConflict {
            return false
        } catch is TransitionError {
            return false
        }
    }
}
