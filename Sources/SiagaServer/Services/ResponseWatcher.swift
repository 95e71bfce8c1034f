import Foundation
import Metrics
import SiagaCore
import SiagaStore

/// The SLA engine: records the warnings, breaches and escalations that have fallen due, as `system:sla`.
///
/// It keeps nothing in memory. Every incident's next due moment is a column of `response_intervals`, written in
/// the same transaction as the incident's events, so a restart resumes exactly where the timeline stands. Each
/// incident is decided inside its own write transaction from the incident as stored, and a stage already on the
/// timeline is never due again: several servers looking at once record each mark once.
struct ResponseWatcher: Sendable {
    let dependencies: Dependencies

    /// How many incidents one round looks at; the rest wait for the next round, most overdue first.
    static let batch = 200

    /// Records every mark due now; returns the events written.
    @discardableResult
    func recordDue() async throws -> [IncidentEvent] {
        let now = dependencies.now().truncatedToMilliseconds
        let due = try await dependencies.store.read { try await $0.incidentsWithDueMarks(now: now, limit: Self.batch) }
        var recorded: [IncidentEvent] = []
        for id in due {
            recorded += try await record(id, now: now)
        }
        return recorded
    }

    private func record(_ id: IncidentID, now: Date) async throws -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        _ = try await dependencies.store.write(now: now) { transaction in
            guard let incident = try await transaction.reader.incident(id) else {
                return StoredResponse(status: 204, body: "")
            }
            let policy = try await transaction.reader.responsePolicy(of: incident.regionCode)
            events = ResponseWatch.due(incident, policy: policy, now: now)
            if events.isEmpty {
                // Nothing left (a step was done meanwhile): bring the due column up to date.
                try await transaction.refreshResponseIntervals(of: incident)
            } else {
                _ = try await transaction.appendIncident(
                    events, to: incident, metadata: EventMetadata(at: now, actor: .system("sla")))
            }
            return StoredResponse(status: 204, body: "")
        }
        for case .responseBreached(let mark) in events {
            Counter(label: "siaga_sla_breaches_total", dimensions: [("step", mark.interval.rawValue)]).increment()
        }
        return events
    }
}
