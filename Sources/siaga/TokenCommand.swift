import ArgumentParser
import Foundation
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga token`: API tokens for integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create and revoke API tokens for integrations.",
        subcommands: [Create.self, Revoke.self])

    /// `siaga token create pbx-sidoarjo --jurisdiction 35.15 --permission call.write`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; its secret is printed once and never stored.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The integration's name, as timelines show it (integration:<name>).")
        var name: String

        @Option(help: "Where it may act: a regency/city code, a province code or 'nasional'.")
        var jurisdiction: String

        @Option(help: "Bind it to one agency's work, e.g. 3515-damkar.")
        var agency: String?

        @Option(
            name: .customLong("permission"),
            help:
                "A permission, repeatable: \(Permission.grantableToTokens.map(\.rawValue).sorted().joined(separator: ", "))."
        )
        var permissions: [String]

        func run() async throws {
            guard let jurisdiction = Jurisdiction(jurisdiction) else {
                throw ValidationError("'\(self.jurisdiction)' is not 35.15, 35 or nasional.")
            }
            let parsed = try permissions.map { text in
                guard let permission = Permission(rawValue: text) else {
                    throw ValidationError("Unknown permission '\(text)'.")
                }
                return permission
            }
            var created: (secret: String, token: TokenRecord)?
            try await withAccounts(databaseOptions) { accounts, _ in
                created = try await accounts.createToken(
                    name: name, jurisdiction: jurisdiction, agency: agency.map(AgencyID.init),
                    permissions: Set(parsed), by: .system("cli"), address: nil)
            }
            guard let created else { return }
            print("Token \(created.token.id) untuk \(name). Simpan rahasianya sekarang; tidak akan ditampilkan lagi:")
            print(created.secret)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument var id: String

        func run() async throws {
            try await withAccounts(databaseOptions) { accounts, _ in
                _ = try await accounts.revokeToken(id, by: .system("cli"), address: nil)
            }
            print("Token \(id) dicabut.")
        }
    }
}
