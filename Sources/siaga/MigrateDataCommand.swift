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
        abstract: words(
            "Pindahkan data wilayah dari basis data tertanam ke PostgreSQL, diverifikasi dengan jumlah baris dan checksum.",
            "Move regions' data from the embedded database to PostgreSQL, verified by counts and checksums."),
        discussion: words(
            """
            Hentikan dulu server yang memakai basis data sumber. Semua data disalin dalam satu transaksi di basis \
            data tujuan dan diperiksa di sana sebelum di-commit: bila jumlah baris atau checksum sebuah tabel \
            berbeda, tidak ada yang disimpan. Sesi dan kunci idempotensi tidak dipindahkan (pengguna masuk lagi).
            """,
            """
            Stop the server on the source first. Everything is copied in one transaction on the target and checked \
            there before it commits: if a table's count or checksum differs, nothing is kept. Sessions and \
            idempotency keys are not moved (users sign in again).
            """))

    @Option(
        name: .long,
        help: .words(
            "Basis data tertanam yang dibaca (sqlite:PATH atau path berkas).",
            "The embedded database to read (sqlite:PATH or a path)."))
    var from: String

    @Option(
        name: .long,
        help: .words(
            "Basis data yang ditulis (postgres://user:password@host:5432/name).",
            "The database to write (postgres://user:password@host:5432/name)."))
    var to: String

    @Option(
        name: .long,
        help: .words(
            "Wilayah yang dipindahkan (boleh diulang); bawaan: semua wilayah di sumber.",
            "A region to move (repeatable); default: every region in the source."))
    var region: [String] = []

    func run() async throws {
        let (regions, path) = try checkedArguments()
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
            try await copy(regions, from: source, to: target)
        } catch let failure as RegionTransfer.Failure {
            try? await source.shutdown()
            try? await target.shutdown()
            throw ValidationError(failure.worded)
        } catch {
            try? await source.shutdown()
            try? await target.shutdown()
            throw error
        }
        try await source.shutdown()
        try await target.shutdown()
    }

    /// The regions to move and the source's file, or the reason the arguments are refused.
    private func checkedArguments() throws -> ([RegionCode], String) {
        let regions = try region.map { text -> RegionCode in
            guard let code = RegionCode(text), code.level == .kabupaten else {
                throw ValidationError(
                    words(
                        "\(text) bukan kode Kemendagri sebuah kabupaten/kota (misalnya 35.15).",
                        "\(text) is not the Kemendagri code of a regency or city (e.g. 35.15)."))
            }
            return code
        }
        guard case .sqlite(let path) = DatabaseLocation(from) else {
            throw ValidationError(
                words(
                    "--from harus berupa basis data tertanam (sqlite:PATH).",
                    "--from must be the embedded database (sqlite:PATH)."))
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(words("\(path) tidak ada.", "\(path) does not exist."))
        }
        guard case .postgres = DatabaseLocation(to) else {
            throw ValidationError(
                words(
                    "--to harus berupa URL PostgreSQL (postgres://user:password@host:5432/name).",
                    "--to must be a PostgreSQL URL (postgres://user:password@host:5432/name)."))
        }
        return (regions, path)
    }

    /// Copies `regions` and prints each table's verified count and checksum.
    private func copy(
        _ regions: [RegionCode], from source: any DatabaseBackend, to target: any DatabaseBackend
    ) async throws {
        try await MigrationRunner.migrate(source)
        try await MigrationRunner.migrate(target)
        let reports = try await RegionTransfer.copy(regions: regions, from: source, to: target)
        print(
            Self.column(words("tabel", "table"), 26) + Self.column(words("baris", "rows"), 10)
                + words("checksum (SHA-256, kedua sisi)", "checksum (SHA-256, both sides)"))
        for report in reports {
            print(
                Self.column(report.table, 26) + Self.column(String(report.targetRows), 10)
                    + report.targetChecksum.prefix(16) + "…  ok")
        }
        let moved = region.joined(separator: ", ")
        print(
            words(
                "\(regions.isEmpty ? "Semua wilayah" : "Wilayah \(moved)") dipindahkan ke \(DatabaseLocation(to)); "
                    + "semua \(reports.count) tabel terverifikasi.",
                "Moved \(regions.isEmpty ? "every region" : moved) to \(DatabaseLocation(to)); "
                    + "all \(reports.count) tables verified."))
    }

    private static func column(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}

extension RegionTransfer.Failure {
    /// Why the move was refused or rolled back, in the language of this run.
    var worded: String {
        switch self {
        case .noRegions: words("Sumber tidak berisi wilayah untuk dipindahkan.", "The source holds no region to move.")
        case .regionMissing(let codes):
            words("Sumber tidak memiliki wilayah \(Self.list(codes)).", "The source has no region \(Self.list(codes)).")
        case .regionAlreadyInTarget(let codes):
            words(
                "Tujuan sudah melayani \(Self.list(codes)); tidak ada yang disalin.",
                "The target already serves \(Self.list(codes)); nothing was copied.")
        case .usernamesTaken(let names):
            words(
                "Tujuan sudah memiliki pengguna \(names.joined(separator: ", ")); ganti dulu namanya; "
                    + "tidak ada yang disalin.",
                "The target already has users \(names.joined(separator: ", ")); rename them first; nothing was copied.")
        case .sourceNotSQLite:
            words(
                "Sumber harus berupa basis data tertanam (SQLite).",
                "The source must be the embedded (SQLite) database.")
        case .refusedByTarget(let message):
            words(
                "Tujuan menolak salinan dan semuanya dibatalkan (rollback): \(message)",
                "The target refused the copy and it was rolled back: \(message)")
        case .mismatch(let tables):
            words(
                "Salinan berbeda dari sumber pada \(tables.joined(separator: ", ")); tujuan dibatalkan (rollback).",
                "The copy differs from the source in \(tables.joined(separator: ", ")); the target was rolled back.")
        }
    }

    private static func list(_ codes: [RegionCode]) -> String { codes.map(\.rawValue).joined(separator: ", ") }
}
