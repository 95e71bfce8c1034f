import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga unit`: a region's units after onboarding, as the API and the admin screen keep them.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: "Add, change and retire units (teams and vehicles) of an agency.",
        subcommands: [Add.self, Change.self, Retire.self])

    /// `siaga unit add 3515-damkar tanggulangin-1 --callsign "DAMKAR TANGGULANGIN 1" --kind pemadam`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a unit; its id is <agency>-<code>.")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The agency, e.g. 3515-damkar.") var agency: String
        @Argument(help: "The unit's code within the agency: lower-case letters, digits and dashes.") var code: String
        @Option(help: "What it is called on the radio.") var callsign: String
        @Option(help: "What kind of unit: pemadam, ambulans, rescue, patroli…") var kind: String
        @Option(help: "The post it waits at (its code within the agency).") var homePost: String?

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .addUnit(agency: agency, code: code, callsign: callsign, kind: kind, homePost: homePost))
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a unit's callsign, kind or post, or take it out of service and back.")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The unit, e.g. 3515-damkar-waru-1.") var unit: String
        @Option(help: "A new callsign.") var callsign: String?
        @Option(help: "A new kind.") var kind: String?
        @Option(help: "A new post (its code within the agency); empty for none.") var homePost: String?
        @Option(help: "true takes a free unit out of service, false brings it back.") var outOfService: Bool?

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .changeUnit(
                    UnitID(unit), callsign: callsign, kind: kind, homePost: homePost, outOfService: outOfService))
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a unit for good (refused while it is on a task); its history stays.")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The unit, e.g. 3515-damkar-waru-1.") var unit: String
        @Option(help: "Why, for the audit log.") var reason: String

        func run() async throws {
            try await changeFleet(databaseOptions, .retireUnit(UnitID(unit), reason: reason))
        }
    }
}

/// `siaga posko`: a region's posts after onboarding.
struct PoskoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posko", abstract: "Add, change and close posts (posko) of an agency.",
        subcommands: [Add.self, Change.self, Retire.self])

    /// `siaga posko add 3515-damkar tanggulangin --name "Pos Damkar Tanggulangin" --latitude -7.5075 --longitude 112.7046`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a post; its id is <agency>-<code>.")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The agency, e.g. 3515-damkar.") var agency: String
        @Argument(help: "The post's code within the agency.") var code: String
        @Option(help: "Its name.") var name: String
        @Option(parsing: .unconditional, help: "Latitude, e.g. -7.5075.") var latitude: Double
        @Option(parsing: .unconditional, help: "Longitude, e.g. 112.7046.") var longitude: Double

        func run() async throws {
            try await changeFleet(
                databaseOptions,
                .addPost(agency: agency, code: code, name: name, latitude: latitude, longitude: longitude))
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a post or move it (both coordinates).")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The post, e.g. 3515-damkar-waru.") var post: String
        @Option(help: "A new name.") var name: String?
        @Option(parsing: .unconditional, help: "A new latitude.") var latitude: Double?
        @Option(parsing: .unconditional, help: "A new longitude.") var longitude: Double?

        func run() async throws {
            try await changeFleet(
                databaseOptions, .changePost(PoskoID(post), name: name, latitude: latitude, longitude: longitude))
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a post for good (refused while units wait there).")
        @OptionGroup var databaseOptions: DatabaseOptions
        @Argument(help: "The post, e.g. 3515-damkar-waru.") var post: String
        @Option(help: "Why, for the audit log.") var reason: String

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
    case .success(let line): print(line)
    case .failure(let error): throw CommandFailure(lines: ErrorReport.lines(for: error))
    }
}
