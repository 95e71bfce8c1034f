public import Foundation
public import SiagaCore
public import SiagaStore

/// Generates a region's 112 traffic over many days, for measuring the reports and the footprint on a year of
/// data: `siaga simulate`. The region is onboarded from the demo's files (Sidoarjo 35.15 or Blitar 35.05) when
/// the database does not have it yet; a region that already has calls is refused, so a run is never mixed
/// into real or earlier traffic.
public enum TrafficSimulation {
    /// What a run wrote.
    public struct Summary: Sendable, Equatable, Codable {
        public var days = 0
        public var calls = 0
        public var incidents = 0
        /// Events appended to the log, the SLA engine's marks included.
        public var events = 0
        /// Warnings, breaches and escalations the SLA engine recorded.
        public var marks = 0
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notADemoRegion(RegionCode)
        case regionHasCalls(RegionCode)

        public var description: String {
            switch self {
            case .notADemoRegion(let code):
                "\(code) is not one of the demo regions (\(DemoRegionData.codes.joined(separator: ", "))); only they have the agencies, units and matrix a simulation needs."
            case .regionHasCalls(let code):
                "\(code) already has calls in this database; simulate into a new database."
            }
        }
    }

    /// Plays `days` local days of traffic ending at `end`, about `callsPerDay` calls a day (more at weekends and
    /// in the rainy season), one write transaction per day. `progress` hears after each day.
    public static func run(
        store: SQLStore, region code: RegionCode, days: Int, callsPerDay: Int, end: Date, seed: UInt64 = 112,
        ids: IDGenerator = .random, progress: (Summary) -> Void = { _ in }
    ) async throws -> Summary {
        precondition(days > 0 && callsPerDay > 0, "a simulation covers at least one day and one call")
        guard let data = try DemoRegionData.load().first(where: { $0.code == code }) else {
            throw Failure.notADemoRegion(code)
        }
        let end = end.truncatedToMilliseconds
        let start = end.addingTimeInterval(-86_400 * Double(days))
        try await onboardIfMissing(data, teams: max(2, callsPerDay / 150), store: store, at: start, ids: ids)
        let simulated = try await store.read { reader in
            guard try await reader.calls(matching: CallQuery(regionCode: code, limit: 1)).isEmpty else {
                throw Failure.regionHasCalls(code)
            }
            return SimulatedRegion(
                data: data, region: try await reader.region(code)!, rules: try await reader.incidentRules(for: code),
                matrix: try await reader.currentMatrix(of: code), policy: try await reader.responsePolicy(of: code),
                ids: ids, end: end, random: DemoRandom(seed: seed))
        }
        // Local midnights, so the busy hours fall where they do in the region's own day.
        let offset = Double(simulated.region.timeZone.utcOffsetHours * 3600)
        let firstMidnight = ((start.timeIntervalSince1970 + offset) / 86_400).rounded(.down) * 86_400 - offset
        for day in 0...days {
            let midnight = Date(timeIntervalSince1970: firstMidnight + 86_400 * Double(day))
            simulated.scheduleCalls(ofDayStarting: midnight, average: callsPerDay, from: start)
            let limit = min(midnight.addingTimeInterval(86_400), end)
            try await store.transaction { try await simulated.play(until: limit, in: $0) }
            simulated.summary.days = day
            progress(simulated.summary)
        }
        return simulated.summary
    }

    /// Onboards the demo region with `teams` more units for each agency: a region with this many calls has a
    /// fleet to match, and the demo's register is a small regency's.
    private static func onboardIfMissing(
        _ data: DemoRegionData, teams: Int, store: SQLStore, at start: Date, ids: IDGenerator
    ) async throws {
        guard try await store.read({ try await $0.region(data.code) }) == nil else { return }
        let dependencies = Dependencies(store: store, now: { start.addingTimeInterval(-86_400) }, ids: ids)
        var files = data.files
        var units = files.unitsCSV ?? UnitCSV.header.joined(separator: ",") + "\n"
        let agencies = files.agenciesCSV.split(separator: "\n").dropFirst().compactMap {
            $0.split(separator: ",").first
        }
        for agency in agencies {
            for team in 1...teams {
                units += "\(agency),tim-\(team),\(agency.uppercased()) TIM \(team),tim,\n"
            }
        }
        files.unitsCSV = units
        _ = try await RegionOnboarding(dependencies: dependencies)
            .onboard(data.code, files: files, actor: .system("simulate"))
        try await DemoUsers.seed(data.code, dependencies: dependencies)
    }
}
