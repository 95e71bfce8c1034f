import ArgumentParser
import Foundation
import Logging
import SiagaStore

/// `siaga backup`: a consistent copy of the embedded database, taken while the server keeps running.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: words(
            "Salin basis data tertanam selagi server berjalan: satu salinan utuh yang konsisten, diperiksa integritasnya.",
            "Copy the embedded database while the server runs: one consistent snapshot, integrity-checked."))

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(
        name: .long,
        help: .words(
            "Berkas cadangan yang akan ditulis; berkas ini belum boleh ada.",
            "The backup file to write; it must not exist yet."))
    var output: String

    func run() async throws {
        let path = try databaseOptions.sqlitePath(for: "backup")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(words("\(path) tidak ada.", "\(path) does not exist."))
        }
        let backend = try await SQLiteBackend.open(path: path, readerCount: 1)
        let report: SQLiteBackup.Report
        do {
            report = try await SQLiteBackup.backUp(backend, to: output)
        } catch let failure as SQLiteBackup.Failure {
            try? await backend.shutdown()
            throw ValidationError(failure.worded)
        } catch {
            try? await backend.shutdown()
            throw error
        }
        try await backend.shutdown()
        print(
            words(
                "\(path) dicadangkan ke \(output): \(report.incidents) kejadian, \(report.calls) panggilan, "
                    + "\(report.events) event, \(report.bytes) byte; integritas baik.",
                "Backed up \(path) to \(output): \(report.incidents) incidents, \(report.calls) calls, "
                    + "\(report.events) events, \(report.bytes) bytes; integrity ok."))
    }
}

/// `siaga restore`: puts a backup back, after checking it, on a database no server has open.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: words(
            "Ganti basis data tertanam dengan sebuah cadangan (hentikan server lebih dulu).",
            "Replace the embedded database with a backup (stop the server first)."))

    @Option(name: .long, help: .words("Berkas cadangan yang dipulihkan.", "The backup file to restore."))
    var input: String

    @Option(
        name: .long,
        help: .words(
            "Berkas basis data yang diganti (dibuat bila belum ada).",
            "The database file to replace (created if missing)."))
    var database: String = "./siaga.sqlite"

    @Flag(
        name: .long,
        help: .words("Ganti basis data yang sudah ada.", "Replace a database that already exists."))
    var force = false

    func run() async throws {
        if FileManager.default.fileExists(atPath: database), !force {
            throw ValidationError(
                words(
                    "\(database) sudah ada; tambahkan --force untuk menggantinya dengan \(input).",
                    "\(database) exists; pass --force to replace it with \(input)."))
        }
        do {
            let report = try await SQLiteBackup.restore(from: input, to: database)
            print(
                words(
                    "\(input) dipulihkan ke \(database): \(report.incidents) kejadian, \(report.calls) panggilan, "
                        + "\(report.events) event; integritas baik.",
                    "Restored \(input) to \(database): \(report.incidents) incidents, \(report.calls) calls, "
                        + "\(report.events) events; integrity ok."))
        } catch let failure as SQLiteBackup.Failure {
            throw ValidationError(failure.worded)
        }
    }
}

extension SQLiteBackup.Failure {
    /// Why the backup or restore was refused, in the language of this run.
    var worded: String {
        switch self {
        case .destinationExists(let path):
            words(
                "\(path) sudah ada; pilih berkas baru atau hapus dulu berkas itu.",
                "\(path) already exists; choose a new file or remove it first.")
        case .notADatabase(let path, let detail):
            words(
                "\(path) bukan basis data Siaga112 yang utuh: \(detail)",
                "\(path) is not an intact Siaga112 database: \(detail)")
        case .inUse(let path):
            words(
                "\(path) sedang dipakai (apakah ada server yang berjalan di atasnya?); hentikan dulu sebelum memulihkan.",
                "\(path) is in use (is a server running on it?); stop it before restoring.")
        }
    }
}
