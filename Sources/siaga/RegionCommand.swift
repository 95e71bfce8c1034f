import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga region`: regions this deployment serves.
struct RegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region", abstract: "Manage the regions this deployment serves.",
        subcommands: [Add.self, Export.self, Import.self])

    /// `siaga region add 36.72 --agencies agencies.csv --matrix matrix.csv`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Onboard a regency or city from the reference data, with its agencies, units and matrix.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "Kemendagri code of the regency or city, e.g. 36.72 (Kota Cilegon).")
        var code: String

        @Option(help: "CSV of agencies: code,name,kind,phone,channel[,active[,ladder]]; docs/notices.md.")
        var agencies: String

        @Option(help: "CSV of posts (posko): agency,code,name,latitude,longitude.")
        var posts: String?

        @Option(help: "CSV of units: agency,code,callsign,kind[,post].")
        var units: String?

        @Option(help: "CSV of the responsibility matrix: category,subcategory,kecamatan,primary,supporting,regulation.")
        var matrix: String?

        @Option(help: "Why the matrix is what it is (its version 1's reason); 'Onboarding' when left out.")
        var reason: String?

        @Option(help: "The regent's regulation the matrix implements, e.g. \"Perbup Cilegon No. 5/2025\".")
        var regulation: String?

        func validate() throws {
            guard let region = RegionCode(code), region.level == .kabupaten else {
                throw ValidationError("'\(code)' is not a regency or city code such as 36.72.")
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
            case .success(let onboarded):
                print(
                    "\(onboarded.region.name) (\(onboarded.region.code), \(onboarded.region.timeZone.rawValue)): "
                        + "\(onboarded.agencies) agencies, \(onboarded.posts) posts, \(onboarded.units) units, "
                        + "\(onboarded.kecamatan) kecamatan, "
                        + "\(onboarded.desa) desa" + (onboarded.matrixVersion.map { ", matrix version \($0)" } ?? ""))
            case .failure(let error):
                throw CommandFailure(lines: ErrorReport.lines(for: error))
            }
        }
    }
}

extension RegionCommand {
    /// `siaga region export 35.15 --output sidoarjo.json`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a region's whole configuration as one bundle.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "Region code, e.g. 35.15.")
        var code: String

        @Option(help: "File to write; standard output when left out.")
        var output: String?

        func run() async throws {
            guard let region = RegionCode(code), region.level == .kabupaten else {
                throw ValidationError("'\(code)' is not a regency or city code such as 35.15.")
            }
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result { try await RegionBundle.export(region, from: store) }
            try await store.backend.shutdown()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(
                try result.mapError { CommandFailure(lines: ErrorReport.lines(for: $0)) }.get())
            if let output {
                try data.write(to: URL(fileURLWithPath: output))
            } else {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// `siaga region import sidoarjo.json`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Onboard a region from a bundle written by export.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "Bundle file written by `siaga region export`.")
        var file: String

        func run() async throws {
            let bundle: RegionBundle
            do {
                bundle = try JSONDecoder().decode(RegionBundle.self, from: Data(try readFile(file).utf8))
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(lines: ["\(file) is not a region bundle: \(error)"])
            }
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result {
                try await bundle.importRegion(dependencies: Dependencies(store: store), actor: .system("cli"))
            }
            try await store.backend.shutdown()
            let onboarded = try result.mapError { CommandFailure(lines: ErrorReport.lines(for: $0)) }.get()
            print("Imported \(onboarded.region.name) (\(onboarded.region.code)): \(onboarded.agencies) agencies.")
        }
    }
}

/// `siaga import matrix FILE --region 35.15 --reason …`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import configuration from CSV.", subcommands: [Matrix.self])

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a new version of a region's responsibility matrix.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "CSV file: category,subcategory,kecamatan,primary,supporting,regulation.")
        var file: String

        @Option(help: "Region code, e.g. 35.15.")
        var region: String

        @Option(help: "Why the matrix changes (kept with the version).")
        var reason: String

        @Option(help: "The regulation the version implements, e.g. \"Perbup 71/2018\".")
        var regulation: String?

        func run() async throws {
            guard let code = RegionCode(region), code.level == .kabupaten else {
                throw ValidationError("'\(region)' is not a regency or city code such as 35.15.")
            }
            let csv = try readFile(file)
            let store = try await databaseOptions.openStore(logger: Logger(label: "siaga"))
            let result = await Result { () async throws -> Int in
                try await MatrixImport.importCSV(
                    csv, region: code, reason: reason, regulation: regulation, dependencies: Dependencies(store: store))
            }
            try await store.backend.shutdown()
            switch result {
            case .success(let version): print("Saved matrix version \(version) for \(code).")
            case .failure(let error): throw CommandFailure(lines: ErrorReport.lines(for: error))
            }
        }
    }
}

/// Ends a command with a message on standard error and a non-zero status.
struct CommandFailure: Error, CustomStringConvertible {
    var lines: [String]
    var description: String { lines.joined(separator: "\n") }
}

func readFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CommandFailure(lines: ["Cannot read \(path): \(error.localizedDescription)"])
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
