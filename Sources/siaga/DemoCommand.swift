import ArgumentParser
import Foundation
import Logging
import SiagaServer
import SiagaStore

/// `siaga demo`: seed the demo regions into an empty database, without serving.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: words(
            "Isi Kabupaten Sidoarjo dan Kabupaten Blitar dengan data contoh panggilan 112 selama sehari.",
            "Seed Kabupaten Sidoarjo and Kabupaten Blitar with a day of sample 112 traffic."))

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(
        name: .long,
        help: .words(
            "Berapa hari data contoh yang diisi, berakhir hari ini (1–366).",
            "How many days of traffic to seed, ending now (1–366)."))
    var days = 1

    func validate() throws {
        guard (1...366).contains(days) else {
            throw ValidationError(words("--days harus antara 1 dan 366.", "--days must be between 1 and 366."))
        }
    }

    func run() async throws {
        let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
        let seeded: DemoSummary?
        do {
            seeded = try await DemoSeeder.seedIfEmpty(store, now: Date(), days: days)
        } catch {
            try? await store.backend.shutdown()
            throw error
        }
        try await store.backend.shutdown()
        if let summary = seeded {
            print(
                words(
                    "Data contoh diisikan ke \(databaseOptions.location): \(summary.regions) wilayah, "
                        + "\(summary.agencies) OPD, \(summary.calls) panggilan, \(summary.incidents) kejadian.",
                    "Seeded \(summary.regions) regions, \(summary.agencies) agencies, \(summary.calls) calls, "
                        + "\(summary.incidents) incidents into \(databaseOptions.location)."))
        } else {
            print(
                words(
                    "\(databaseOptions.location) sudah berisi data; tidak ada yang diisikan.",
                    "\(databaseOptions.location) already has data; nothing seeded."))
        }
    }
}
