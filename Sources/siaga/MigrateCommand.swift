import ArgumentParser
import Logging
import SiagaStore

/// `siaga migrate`: bring the database schema up to date (serve does this too, at start-up).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
        let versions = try await MigrationRunner.appliedVersions(store.backend)
        print("Database \(databaseOptions.location) is at schema version \(versions.last ?? 0).")
        try await store.backend.shutdown()
    }
}
