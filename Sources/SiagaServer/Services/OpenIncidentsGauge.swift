import Metrics
import SiagaCore
import SiagaStore

/// `siaga_open_incidents{priority}`: the open incidents of every region served here, read when scraped.
struct OpenIncidentsGauge: Sendable {
    let dependencies: Dependencies

    func sample() async throws {
        let counts = try await dependencies.store.read { try await $0.openIncidentCounts() }
        for priority in Priority.allCases {
            Gauge(label: "siaga_open_incidents", dimensions: [("priority", priority.rawValue)])
                .record(counts[priority] ?? 0)
        }
    }
}
