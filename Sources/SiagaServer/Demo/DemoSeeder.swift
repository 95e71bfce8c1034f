public import Foundation
public import SiagaCore
public import SiagaStore

/// What the demo seeded.
public struct DemoSummary: Sendable, Equatable {
    public var regions: Int
    public var agencies: Int
    public var calls: Int
    public var incidents: Int
}

/// Seeds Kabupaten Sidoarjo (35.15) and Kabupaten Blitar (35.05) with their agencies and the last day (or `days`)
/// of 112 traffic, written through the same services as the API so every record has a full, valid timeline.
public enum DemoSeeder {
    /// Seeds an empty database and returns what it wrote; returns `nil` and writes nothing when the database
    /// already has a region.
    public static func seedIfEmpty(_ store: SQLStore, now: Date, days: Int = 1, ids: IDGenerator = .random)
        async throws -> DemoSummary?
    {
        precondition((1...366).contains(days), "the demo covers one day to a year")
        guard try await store.read({ try await $0.regions() }).isEmpty else { return nil }
        let end = now.truncatedToMilliseconds
        let clock = DemoClock(end.addingTimeInterval(-86_400 * Double(days)))
        let dependencies = Dependencies(store: store, now: { clock.now }, ids: ids)
        var summary = DemoSummary(regions: 0, agencies: 0, calls: 0, incidents: 0)
        try await DemoUsers.seedRelay(dependencies: dependencies)
        for data in try DemoRegionData.load() {
            let onboarded = try await RegionOnboarding(dependencies: dependencies)
                .onboard(data.code, files: data.files, actor: .system("demo"))
            try await DemoUsers.seed(data.code, dependencies: dependencies)
            var day = DemoDay(
                data: data, dependencies: dependencies, clock: clock, end: end,
                random: DemoRandom(seed: UInt64(data.code.compact)!))
            do {
                try await day.run(calls: data.code.rawValue == "35.15" ? 200 : 120, days: days)
            } catch {
                // A step refused because another server acted on the incident first says so.
                try await refuseInterference(store, end: end)
                throw error
            }
            summary.regions += 1
            summary.agencies += onboarded.agencies
            summary.calls += day.callCount
            summary.incidents += day.incidentCount
        }
        try await refuseInterference(store, end: end)
        return summary
    }

    /// Every event the demo writes is dated before `end`, on its own clock; a later one was written by another
    /// server meanwhile (its SLA engine marks the late steps of the history being seeded at today's time), and the
    /// history is no longer the demo's.
    private static func refuseInterference(_ store: SQLStore, end: Date) async throws {
        if try await store.read({ try await $0.hasEvents(datedAfter: end) }) { throw DemoInterrupted() }
    }
}

/// Another process wrote to a demo incident or call while its history was being seeded: a server already
/// running on the database (its SLA engine marks the late steps of every open incident, at today's time).
public struct DemoInterrupted: Error, CustomStringConvertible {
    public var description: String {
        "Another server wrote to this database while the demo was seeded, so its history is not the demo's. "
            + "Start again on an empty database, and seed the demo (siaga demo, or siaga serve --demo) before "
            + "any other server on it starts."
    }
}
