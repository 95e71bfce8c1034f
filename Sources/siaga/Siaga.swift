import ArgumentParser
import SiagaBench

/// The `siaga` command: runs and administers a Siaga112 command center.
@main
struct Siaga: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siaga",
        abstract: "Siaga112: the 112 emergency command center of a regency or city.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, RegionCommand.self, ImportCommand.self,
            UnitCommand.self, PoskoCommand.self, UserCommand.self, TokenCommand.self, ReportCommand.self,
            BackupCommand.self, RestoreCommand.self,
            BenchCommand.self, MigrateDataCommand.self, SimulateCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
