import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga simulate`: a region's synthetic 112 traffic over many days, written in bulk, for measuring the
/// reports and the footprint on a year of data (`siaga bench --year`).
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate days of synthetic 112 traffic for a demo region, ending now.",
        discussion: """
            Most calls are pranks, silent calls and questions; about one in ten opens an incident, which is \
            forwarded by the region's matrix, acknowledged, attended and closed, with the SLA engine's marks. \
            Fires peak in the dry season, floods in the rainy season, and big incidents draw several calls. \
            A year of a big region (the default) is about two million calls and two hundred thousand incidents.
            """)

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(name: .long, help: "The demo region to simulate: 35.15 (Sidoarjo) or 35.05 (Blitar).")
    var region = "35.15"

    @Option(name: .long, help: "How many days of traffic, ending now.")
    var days = 365

    @Option(name: .long, help: "Calls on an average day.")
    var callsPerDay = 5_500

    @Option(name: .long, help: "The random seed: the same seed gives the same traffic.")
    var seed: UInt64 = 112

    func validate() throws {
        guard RegionCode(region)?.level == .kabupaten else {
            throw ValidationError("--region must be a regency or city code such as 35.15.")
        }
        guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660.") }
        guard (1...1_000_000).contains(callsPerDay) else {
            throw ValidationError("--calls-per-day must be between 1 and 1000000.")
        }
    }

    func run() async throws {
        let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
        let started = ContinuousClock.now
        let summary: TrafficSimulation.Summary
        do {
            summary = try await TrafficSimulation.run(
                store: store, region: RegionCode(region)!, days: days, callsPerDay: callsPerDay, end: Date(),
                seed: seed
            ) { progress in
                guard progress.days % 30 == 0 || progress.days == days else { return }
                print(
                    "day \(progress.days)/\(days): \(progress.calls) calls, \(progress.incidents) incidents, "
                        + "\(progress.events) events (\(Self.seconds(since: started)) s)")
            }
        } catch let failure as TrafficSimulation.Failure {
            try? await store.backend.shutdown()
            throw ValidationError(failure.description)
        } catch {
            try? await store.backend.shutdown()
            throw error
        }
        try await store.backend.shutdown()
        let elapsed = Self.seconds(since: started)
        print(
            "Simulated \(summary.days) day\(summary.days == 1 ? "" : "s") of \(region) into \(databaseOptions.location): \(summary.calls) calls, "
                + "\(summary.incidents) incidents, \(summary.events) events (\(summary.marks) SLA marks) "
                + "in \(elapsed) s, \(Int(Double(summary.events) / max(Double(elapsed), 1))) events/s.")
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .seconds(1))
    }
}
