import ArgumentParser
import Foundation
import Logging
import SiagaStore

/// `siaga backup`: a consistent copy of the embedded database, taken while the server keeps running.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the embedded database while the server runs: one consistent snapshot, integrity-checked.")

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(name: .long, help: "The backup file to write; it must not exist yet.")
    var output: String

    func run() async throws {
        let path = try databaseOptions.sqlitePath(for: "backup")
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) does not exist.") }
        let backend = try await SQLiteBackend.open(path: path, readerCount: 1)
        let report: SQLiteBackup.Report
        do {
            report = try await SQLiteBackup.backUp(backend, to: output)
        } catch let failure as SQLiteBackup.Failure {
            try? await backend.shutdown()
            throw ValidationError(failure.description)
        } catch {
            try? await backend.shutdown()
            throw error
        }
        try await backend.shutdown()
        print(
            "Backed up \(path) to \(output): \(report.incidents) incidents, \(report.calls) calls, "
                + "\(report.events) events, \(report.bytes) bytes; integrity ok.")
    }
}

/// `siaga restore`: puts a backup back, after checking it, on a database no server has open.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the embedded database with a backup (stop the server first).")

    @Option(name: .long, help: "The backup file to restore.")
    var input: String

    @Option(name: .long, help: "The database file to replace (created if missing).")
    var database: String = "./siaga.sqlite"

    @Flag(name: .long, help: "Replace a database that already exists.")
    var force = false

    func run() async throws {
        if FileManager.default.fileExists(atPath: database), !force {
            throw ValidationError("\(database) exists; pass --force to replace it with \(input).")
        }
        do {
            let report = try await SQLiteBackup.restore(from: input, to: database)
            print(
                "Restored \(input) to \(database): \(report.incidents) incidents, \(report.calls) calls, "
                    + "\(report.events) events; integrity ok.")
        } catch let failure as SQLiteBackup.Failure {
            throw ValidationError(failure.description)
        }
    }
}
