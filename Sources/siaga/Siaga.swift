import ArgumentParser
import Foundation
import SiagaBench
import SiagaServer

/// The `siaga` command: runs and administers a Siaga112 command center.
@main
struct Siaga: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siaga",
        abstract: words(
            "Siaga112: pusat layanan darurat 112 sebuah kabupaten atau kota.",
            "Siaga112: the 112 emergency command center of a regency or city."),
        discussion: words(
            """
            Bahasa: --lang id atau --lang en (di mana saja pada baris perintah); tanpa itu, bahasa dari locale \
            (LC_ALL, LC_MESSAGES, LANG): bahasa Inggris bila diawali en, selain itu bahasa Indonesia.
            """,
            """
            Language: --lang id or --lang en (anywhere on the command line); without it, the locale's \
            (LC_ALL, LC_MESSAGES, LANG): English when it starts with en, Indonesian otherwise.
            """),
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, RegionCommand.self, ImportCommand.self,
            UnitCommand.self, PoskoCommand.self, UserCommand.self, TokenCommand.self, ReportCommand.self,
            BackupCommand.self, RestoreCommand.self,
            BenchCommand.self, MigrateDataCommand.self, SimulateCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )

    /// Chooses the run's language (and takes `--lang` off the command line) before anything is parsed or worded.
    static func main() async {
        do {
            let (language, remaining) = try CommandLineLanguage.resolve(
                arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            CommandLineLanguage.choose(language)
            await Self.main(remaining)
        } catch {
            Self.exit(withError: error)
        }
    }
}
