import ArgumentParser
import Logging
import SiagaStore

/// `siaga migrate`: bring the database schema up to date (serve does this too, at start-up).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: words("Jalankan migrasi basis data.", "Apply database migrations."))

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
        let versions = try await MigrationRunner.appliedVersions(store.backend)
        print(
            words(
                "Basis data \(databaseOptions.location) berada pada skema versi \(versions.last ?? 0).",
                "Database \(databaseOptions.location) is at schema version \(versions.last ?? 0)."))
        try await store.backend.shutdown()
    }
}
