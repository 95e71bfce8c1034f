import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga unit`: a region's units after onboarding, as the API and the admin screen keep them.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: words(
            "Tambah, ubah, dan pensiunkan unit (regu dan kendaraan) sebuah OPD.",
            "Add, change and retire units (teams and vehicles) of an agency."),
        subcommands: [Add.self, Change.self, Retire.self])

    /// `siaga unit add 3515-damkar tanggulangin-1 --callsign "DAMKAR TANGGULANGIN 1" --kind pemadam`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words("Tambahkan unit; ID-nya <opd>-<kode>.", "Add a unit; its id is <agency>-<code>."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("OPD-nya, misalnya 3515-damkar.", "The agency, e.g. 3515-damkar."))
        var agency: String

        @Argument(
            help: .words(
                "Kode unit di dalam OPD: huruf kecil, angka, dan tanda hubung.",
                "The unit's code within the agency: lower-case letters, digits and dashes."))
        var code: String

        @Option(help: .words("Nama panggilannya di radio.", "What it is called on the radio."))
        var callsign: String

        @Option(
            help: .words(
                "Jenis unit: pemadam, ambulans, rescue, patroli…",
                "What kind of unit: pemadam, ambulans, rescue, patroli…"))
        var kind: String

        @Option(
            help: .words(
                "Posko tempat unit bersiaga (kodenya di dalam OPD).",
                "The post it waits at (its code within the agency)."))
        var homePost: String?

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .addUnit(agency: agency, code: code, callsign: callsign, kind: kind, homePost: homePost))
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Ubah nama panggilan, jenis, atau posko sebuah unit, atau nyatakan unit tidak siaga dan siaga lagi.",
                "Change a unit's callsign, kind or post, or take it out of service and back."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Unitnya, misalnya 3515-damkar-waru-1.", "The unit, e.g. 3515-damkar-waru-1."))
        var unit: String

        @Option(help: .words("Nama panggilan baru.", "A new callsign."))
        var callsign: String?

        @Option(help: .words("Jenis baru.", "A new kind."))
        var kind: String?

        @Option(
            help: .words(
                "Posko baru (kodenya di dalam OPD); kosongkan bila tanpa posko.",
                "A new post (its code within the agency); empty for none."))
        var homePost: String?

        @Option(
            help: .words(
                "true menyatakan unit yang sedang bebas tidak siaga, false menyiagakannya lagi.",
                "true takes a free unit out of service, false brings it back."))
        var outOfService: Bool?

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .changeUnit(
                    UnitID(unit), callsign: callsign, kind: kind, homePost: homePost, outOfService: outOfService))
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Pensiunkan unit untuk seterusnya (ditolak selama unit bertugas); riwayatnya tetap tersimpan.",
                "Retire a unit for good (refused while it is on a task); its history stays."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Unitnya, misalnya 3515-damkar-waru-1.", "The unit, e.g. 3515-damkar-waru-1."))
        var unit: String

        @Option(help: .words("Alasannya, untuk catatan audit.", "Why, for the audit log."))
        var reason: String

        func run() async throws {
            try await changeFleet(databaseOptions, .retireUnit(UnitID(unit), reason: reason))
        }
    }
}

/// `siaga posko`: a region's posts after onboarding.
struct PoskoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posko",
        abstract: words(
            "Tambah, ubah, dan tutup posko sebuah OPD.", "Add, change and close posts (posko) of an agency."),
        subcommands: [Add.self, Change.self, Retire.self])

    /// `siaga posko add 3515-damkar tanggulangin --name "Pos Damkar Tanggulangin" --latitude -7.5075 --longitude 112.7046`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words("Tambahkan posko; ID-nya <opd>-<kode>.", "Add a post; its id is <agency>-<code>."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("OPD-nya, misalnya 3515-damkar.", "The agency, e.g. 3515-damkar."))
        var agency: String

        @Argument(help: .words("Kode posko di dalam OPD.", "The post's code within the agency."))
        var code: String

        @Option(help: .words("Nama posko.", "Its name."))
        var name: String

        @Option(parsing: .unconditional, help: .words("Lintang, misalnya -7.5075.", "Latitude, e.g. -7.5075."))
        var latitude: Double

        @Option(parsing: .unconditional, help: .words("Bujur, misalnya 112.7046.", "Longitude, e.g. 112.7046."))
        var longitude: Double

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .addPost(agency: agency, code: code, name: name, latitude: latitude, longitude: longitude))
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Ganti nama posko atau pindahkan posko itu (kedua koordinatnya).",
                "Rename a post or move it (both coordinates)."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Poskonya, misalnya 3515-damkar-waru.", "The post, e.g. 3515-damkar-waru."))
        var post: String

        @Option(help: .words("Nama baru.", "A new name."))
        var name: String?

        @Option(parsing: .unconditional, help: .words("Lintang baru.", "A new latitude."))
        var latitude: Double?

        @Option(parsing: .unconditional, help: .words("Bujur baru.", "A new longitude."))
        var longitude: Double?

        func run() async throws {
            try await changeFleet(
                databaseOptions, .changePost(PoskoID(post), name: name, latitude: latitude, longitude: longitude))
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Tutup posko untuk seterusnya (ditolak selama masih ada unit bersiaga di sana).",
                "Close a post for good (refused while units wait there)."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Poskonya, misalnya 3515-damkar-waru.", "The post, e.g. 3515-damkar-waru."))
        var post: String

        @Option(help: .words("Alasannya, untuk catatan audit.", "Why, for the audit log."))
        var reason: String

        func run() async throws {
            try await changeFleet(databaseOptions, .retirePost(PoskoID(post), reason: reason))
        }
    }
}

/// Makes one fleet change on the database and prints the result, or the reasons it was refused.
func changeFleet(_ options: DatabaseOptions, _ change: FleetChange) async throws {
    let store = try await options.openStore(logger: Logger(label: "siaga"))
    let result = await Result {
        try await FleetAdministration(dependencies: Dependencies(store: store)).perform(change, as: .system("cli"))
    }
    try await store.backend.shutdown()
    switch result {
    // The unit or post as a record line (id, callsign, kind, state), the same in every language.
    case .success(let line): print(line)
    case .failure(let error): throw CommandFailure(reporting: error)
    }
}
