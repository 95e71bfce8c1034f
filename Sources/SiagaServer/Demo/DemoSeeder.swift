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
        for data in try DemoRegionData.load() {
            let onboarded = try await RegionOnboarding(dependencies: dependencies)
                .onboard(data.code, files: data.files, actor: .system("demo"))
            try await DemoUsers.seed(data.code, dependencies: dependencies)
            var day = DemoDay(
                data: data, dependencies: dependencies, clock: clock, end: end,
                random: DemoRandom(seed: UInt64(data.code.compact)!))
            try await day.run(calls: data.code.rawValue == "35.15" ? 200 : 120, days: days)
            summary.regions += 1
            summary.agencies += onboarded.agencies
            summary.calls += day.callCount
            summary.incidents += day.incidentCount
        }
        return summary
    }
}
