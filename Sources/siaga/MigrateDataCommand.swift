import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaStore

/// `siaga migrate-data`: moves regions from the embedded database to PostgreSQL when a province outgrows one
/// machine, and proves the copy table by table.
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Move regions' data from the embedded database to PostgreSQL, verified by counts and checksums.",
        discussion: """
            Stop the server on the source first. Everything is copied in one transaction on the target and checked \
            there before it commits: if a table's count or checksum differs, nothing is kept. Sessions and \
            idempotency keys are not moved (users sign in again).
            """)

    @Option(name: .long, help: "The embedded database to read (sqlite:PATH or a path).")
    var from: String

    @Option(name: .long, help: "The database to write (postgres://user:password@host:5432/name).")
    var to: String

    @Option(name: .long, help: "A region to move (repeatable); default: every region in the source.")
    var region: [String] = []

    func run() async throws {
        let regions = try region.map { text -> RegionCode in
            guard let code = RegionCode(text), code.level == .kabupaten else {
                throw ValidationError("\(text) is not the Kemendagri code of a regency or city (e.g. 35.15).")
            }
            return code
        }
        guard case .sqlite(let path) = DatabaseLocation(from) else {
            throw ValidationError("--from must be the embedded database (sqlite:PATH).")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) does not exist.") }
        guard case .postgres = DatabaseLocation(to) else {
            throw ValidationError("--to must be a PostgreSQL URL (postgres://user:password@host:5432/name).")
        }
        let logger = Logger(label: "siaga")
        let source = try await DatabaseLocation.sqlite(path: path).open(logger: logger)
        let target: any DatabaseBackend
        do {
            target = try await DatabaseLocation(to).open(logger: logger)
        } catch {
            try? await source.shutdown()
            throw error
        }
        do {
            try await MigrationRunner.migrate(source)
            try await MigrationRunner.migrate(target)
            let reports = try await RegionTransfer.copy(regions: regions, from: source, to: target)
            print(
                "table".padding(toLength: 26, withPad: " ", startingAt: 0) + "rows      checksum (SHA-256, both sides)")
            for report in reports {
                print(
                    report.table.padding(toLength: 26, withPad: " ", startingAt: 0)
                        + String(report.targetRows).padding(toLength: 10, withPad: " ", startingAt: 0)
                        + report.targetChecksum.prefix(16) + "…  ok")
            }
            print(
                "Moved \(regions.isEmpty ? "every region" : region.joined(separator: ", ")) to \(DatabaseLocation(to)); all \(reports.count) tables verified."
            )
        } catch let failure as RegionTransfer.Failure {
            try? await source.shutdown()
            try? await target.shutdown()
            throw ValidationError(failure.description)
        } catch {
            try? await source.shutdown()
            try? await target.shutdown()
            throw error
        }
        try await source.shutdown()
        try await target.shutdown()
    }
}
