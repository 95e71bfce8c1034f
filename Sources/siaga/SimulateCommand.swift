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
        abstract: words(
            "Buat panggilan 112 sintetis selama beberapa hari untuk sebuah wilayah demo, berakhir sekarang.",
            "Generate days of synthetic 112 traffic for a demo region, ending now."),
        discussion: words(
            """
            Sebagian besar panggilan adalah panggilan iseng, panggilan diam, dan pertanyaan; sekitar satu dari \
            sepuluh membuka kejadian, yang diteruskan sesuai matriks wilayah, diterima, ditangani, dan ditutup, \
            lengkap dengan tanda dari mesin SLA. Kebakaran memuncak di musim kemarau, banjir di musim hujan, dan \
            kejadian besar mendatangkan beberapa panggilan. Setahun data wilayah besar (bawaan) berisi sekitar dua \
            juta panggilan dan dua ratus ribu kejadian.
            """,
            """
            Most calls are pranks, silent calls and questions; about one in ten opens an incident, which is \
            forwarded by the region's matrix, acknowledged, attended and closed, with the SLA engine's marks. \
            Fires peak in the dry season, floods in the rainy season, and big incidents draw several calls. \
            A year of a big region (the default) is about two million calls and two hundred thousand incidents.
            """))

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(
        name: .long,
        help: .words(
            "Wilayah demo yang disimulasikan: 35.15 (Sidoarjo) atau 35.05 (Blitar).",
            "The demo region to simulate: 35.15 (Sidoarjo) or 35.05 (Blitar)."))
    var region = "35.15"

    @Option(
        name: .long,
        help: .words("Berapa hari panggilan, berakhir sekarang.", "How many days of traffic, ending now."))
    var days = 365

    @Option(name: .long, help: .words("Jumlah panggilan pada hari biasa.", "Calls on an average day."))
    var callsPerDay = 5_500

    @Option(
        name: .long,
        help: .words(
            "Benih acak: benih yang sama menghasilkan panggilan yang sama.",
            "The random seed: the same seed gives the same traffic."))
    var seed: UInt64 = 112

    func validate() throws {
        guard RegionCode(region)?.level == .kabupaten else {
            throw ValidationError(
                words(
                    "--region harus berupa kode kabupaten/kota seperti 35.15.",
                    "--region must be a regency or city code such as 35.15."))
        }
        guard (1...3660).contains(days) else {
            throw ValidationError(words("--days harus antara 1 dan 3660.", "--days must be between 1 and 3660."))
        }
        guard (1...1_000_000).contains(callsPerDay) else {
            throw ValidationError(
                words(
                    "--calls-per-day harus antara 1 dan 1000000.", "--calls-per-day must be between 1 and 1000000."))
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
                    words(
                        "hari \(progress.days)/\(days): \(progress.calls) panggilan, \(progress.incidents) kejadian, "
                            + "\(progress.events) event (\(Self.seconds(since: started)) s)",
                        "day \(progress.days)/\(days): \(progress.calls) calls, \(progress.incidents) incidents, "
                            + "\(progress.events) events (\(Self.seconds(since: started)) s)"))
            }
        } catch let failure as TrafficSimulation.Failure {
            try? await store.backend.shutdown()
            throw ValidationError(failure.worded)
        } catch {
            try? await store.backend.shutdown()
            throw error
        }
        try await store.backend.shutdown()
        print(report(summary, seconds: Self.seconds(since: started)))
    }

    /// The last line: what was written and how fast.
    private func report(_ summary: TrafficSimulation.Summary, seconds elapsed: Int) -> String {
        let rate = Int(Double(summary.events) / max(Double(elapsed), 1))
        return words(
            "\(summary.days) hari \(region) disimulasikan ke \(databaseOptions.location): \(summary.calls) panggilan, "
                + "\(summary.incidents) kejadian, \(summary.events) event (\(summary.marks) tanda SLA) "
                + "dalam \(elapsed) s, \(rate) event/s.",
            "Simulated \(summary.days) day\(summary.days == 1 ? "" : "s") of \(region) into \(databaseOptions.location): "
                + "\(summary.calls) calls, \(summary.incidents) incidents, \(summary.events) events "
                + "(\(summary.marks) SLA marks) in \(elapsed) s, \(rate) events/s.")
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .seconds(1))
    }
}

extension TrafficSimulation.Failure {
    /// Why the simulation was refused, in the language of this run.
    var worded: String {
        switch self {
        case .notADemoRegion(let code):
            words(
                "\(code) bukan salah satu wilayah demo (35.15, 35.05); hanya wilayah itu yang memiliki OPD, unit, "
                    + "dan matriks yang dibutuhkan simulasi.",
                "\(code) is not one of the demo regions (35.15, 35.05); only they have the agencies, units and matrix "
                    + "a simulation needs.")
        case .regionHasCalls(let code):
            words(
                "\(code) sudah memiliki panggilan di basis data ini; simulasikan ke basis data baru.",
                "\(code) already has calls in this database; simulate into a new database.")
        }
    }
}
