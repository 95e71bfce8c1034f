import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga region`: regions this deployment serves.
struct RegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: words("Kelola wilayah yang dilayani server ini.", "Manage the regions this deployment serves."),
        subcommands: [Add.self, Export.self, Import.self])

    /// `siaga region add 36.72 --agencies agencies.csv --matrix matrix.csv`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Tambahkan kabupaten/kota dari data referensi, beserta OPD, unit, dan matriksnya.",
                "Onboard a regency or city from the reference data, with its agencies, units and matrix."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(
            help: .words(
                "Kode Kemendagri kabupaten/kota, misalnya 36.72 (Kota Cilegon).",
                "Kemendagri code of the regency or city, e.g. 36.72 (Kota Cilegon)."))
        var code: String

        @Option(
            help: .words(
                "CSV OPD: code,name,kind,phone,channel[,active[,ladder]]; lihat docs/notices.md.",
                "CSV of agencies: code,name,kind,phone,channel[,active[,ladder]]; docs/notices.md."))
        var agencies: String

        @Option(
            help: .words(
                "CSV posko: agency,code,name,latitude,longitude.",
                "CSV of posts (posko): agency,code,name,latitude,longitude."))
        var posts: String?

        @Option(
            help: .words(
                "CSV unit: agency,code,callsign,kind[,post].", "CSV of units: agency,code,callsign,kind[,post]."))
        var units: String?

        @Option(
            help: .words(
                "CSV matriks tanggung jawab: category,subcategory,kecamatan,primary,supporting,regulation.",
                "CSV of the responsibility matrix: category,subcategory,kecamatan,primary,supporting,regulation."))
        var matrix: String?

        @Option(
            help: .words(
                "Alasan isi matriks (alasan versi 1-nya); 'Onboarding' bila tidak diisi.",
                "Why the matrix is what it is (its version 1's reason); 'Onboarding' when left out."))
        var reason: String?

        @Option(
            help: .words(
                "Perbup/Perwali yang menjadi dasar matriks, misalnya \"Perbup Cilegon No. 5/2025\".",
                "The regent's regulation the matrix implements, e.g. \"Perbup Cilegon No. 5/2025\"."))
        var regulation: String?

        func validate() throws {
            guard let region = RegionCode(code), region.level == .kabupaten else {
                throw ValidationError(notARegion(code, example: "36.72"))
            }
        }

        func run() async throws {
            let files = RegionFiles(
                agenciesCSV: try readFile(agencies), postsCSV: try posts.map(readFile),
                unitsCSV: try units.map(readFile),
                matrixCSV: try matrix.map(readFile), matrixReason: reason, matrixRegulation: regulation)
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result { () async throws -> OnboardedRegion in
                try await RegionOnboarding(dependencies: Dependencies(store: store))
                    .onboard(RegionCode(code)!, files: files, actor: .system("cli"))
            }
            try await store.backend.shutdown()
            switch result {
            case .success(let onboarded): print(Self.summary(onboarded))
            case .failure(let error): throw CommandFailure(reporting: error)
            }
        }

        /// `Kota Cilegon (36.72, WIB): 6 agencies, 2 posts, …`, in the language of this run.
        static func summary(_ onboarded: OnboardedRegion) -> String {
            let region = onboarded.region
            let heading = "\(region.name) (\(region.code), \(region.timeZone.rawValue)): "
            return heading
                + words(
                    "\(onboarded.agencies) OPD, \(onboarded.posts) posko, \(onboarded.units) unit, "
                        + "\(onboarded.kecamatan) kecamatan, \(onboarded.desa) desa"
                        + (onboarded.matrixVersion.map { ", matriks versi \($0)" } ?? ""),
                    "\(onboarded.agencies) agencies, \(onboarded.posts) posts, \(onboarded.units) units, "
                        + "\(onboarded.kecamatan) kecamatan, \(onboarded.desa) desa"
                        + (onboarded.matrixVersion.map { ", matrix version \($0)" } ?? ""))
        }
    }
}

extension RegionCommand {
    /// `siaga region export 35.15 --output sidoarjo.json`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Tulis seluruh konfigurasi sebuah wilayah sebagai satu bundel.",
                "Write a region's whole configuration as one bundle."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Kode wilayah, misalnya 35.15.", "Region code, e.g. 35.15."))
        var code: String

        @Option(
            help: .words(
                "Berkas yang ditulis; keluaran standar bila tidak diisi.",
                "File to write; standard output when left out."))
        var output: String?

        func run() async throws {
            guard let region = RegionCode(code), region.level == .kabupaten else {
                throw ValidationError(notARegion(code, example: "35.15"))
            }
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result { try await RegionBundle.export(region, from: store) }
            try await store.backend.shutdown()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(try result.mapError { CommandFailure(reporting: $0) }.get())
            if let output {
                try data.write(to: URL(fileURLWithPath: output))
            } else {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// `siaga region import sidoarjo.json`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Tambahkan wilayah dari bundel hasil export.", "Onboard a region from a bundle written by export."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(
            help: .words(
                "Berkas bundel hasil `siaga region export`.", "Bundle file written by `siaga region export`."))
        var file: String

        func run() async throws {
            let bundle: RegionBundle
            do {
                bundle = try JSONDecoder().decode(RegionBundle.self, from: Data(try readFile(file).utf8))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(
                    lines: [words("\(file) bukan bundel wilayah: \(error)", "\(file) is not a region bundle: \(error)")]
                )
            }
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result {
                try await bundle.importRegion(dependencies: Dependencies(store: store), actor: .system("cli"))
            }
            try await store.backend.shutdown()
            let onboarded = try result.mapError { CommandFailure(reporting: $0) }.get()
            let region = "\(onboarded.region.name) (\(onboarded.region.code))"
            print(
                words(
                    "\(region) diimpor: \(onboarded.agencies) OPD.",
                    "Imported \(region): \(onboarded.agencies) agencies."))
        }
    }
}

/// `siaga import matrix FILE --region 35.15 --reason …`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: words("Impor konfigurasi dari CSV.", "Import configuration from CSV."),
        subcommands: [Matrix.self])

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Simpan versi baru matriks tanggung jawab sebuah wilayah.",
                "Save a new version of a region's responsibility matrix."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(
            help: .words(
                "Berkas CSV: category,subcategory,kecamatan,primary,supporting,regulation.",
                "CSV file: category,subcategory,kecamatan,primary,supporting,regulation."))
        var file: String

        @Option(help: .words("Kode wilayah, misalnya 35.15.", "Region code, e.g. 35.15."))
        var region: String

        @Option(
            help: .words(
                "Alasan perubahan matriks (disimpan bersama versinya).",
                "Why the matrix changes (kept with the version)."))
        var reason: String

        @Option(
            help: .words(
                "Peraturan yang menjadi dasar versi ini, misalnya \"Perbup 71/2018\".",
                "The regulation the version implements, e.g. \"Perbup 71/2018\"."))
        var regulation: String?

        func run() async throws {
            guard let code = RegionCode(region), code.level == .kabupaten else {
                throw ValidationError(notARegion(region, example: "35.15"))
            }
            let csv = try readFile(file)
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result { () async throws -> Int in
                try await MatrixImport.importCSV(
                    csv, region: code, reason: reason, regulation: regulation, dependencies: Dependencies(store: store))
            }
            try await store.backend.shutdown()
            switch result {
            case .success(let version):
                print(
                    words(
                        "Matriks versi \(version) untuk \(code) disimpan.",
                        "Saved matrix version \(version) for \(code)."))
            case .failure(let error): throw CommandFailure(reporting: error)
            }
        }
    }
}

/// `'text' is not a regency or city code such as 35.15.`, in the language of this run.
func notARegion(_ text: String, example: String) -> String {
    words(
        "'\(text)' bukan kode kabupaten/kota seperti \(example).",
        "'\(text)' is not a regency or city code such as \(example).")
}
