import ArgumentParser
import Foundation
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga token`: API tokens for integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: words(
            "Buat dan cabut token API untuk integrasi.", "Create and revoke API tokens for integrations."),
        subcommands: [Create.self, Revoke.self])

    /// `siaga token create pbx-sidoarjo --jurisdiction 35.15 --permission call.write`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Buat token; rahasianya ditampilkan sekali dan tidak pernah disimpan.",
                "Create a token; its secret is printed once and never stored."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(
            help: .words(
                "Nama integrasi, seperti yang tampil di lini waktu (integration:<nama>).",
                "The integration's name, as timelines show it (integration:<name>)."))
        var name: String

        @Option(
            help: .words(
                "Wilayah tempat token boleh bertindak: kode kabupaten/kota, kode provinsi, atau 'nasional'.",
                "Where it may act: a regency/city code, a province code or 'nasional'."))
        var jurisdiction: String

        @Option(
            help: .words(
                "Batasi pada pekerjaan satu OPD, misalnya 3515-damkar.",
                "Bind it to one agency's work, e.g. 3515-damkar.")
        )
        var agency: String?

        @Option(
            name: .customLong("permission"),
            help: .words(
                "Izin, boleh diulang: \(Self.grantable).", "A permission, repeatable: \(Self.grantable)."))
        var permissions: [String]

        private static var grantable: String {
            Permission.grantableToTokens.map(\.rawValue).sorted().joined(separator: ", ")
        }

        func run() async throws {
            guard let jurisdiction = Jurisdiction(jurisdiction) else {
                throw ValidationError(notAJurisdiction(self.jurisdiction))
            }
            let parsed = try permissions.map { text in
                guard let permission = Permission(rawValue: text) else {
                    throw ValidationError(words("Izin '\(text)' tidak dikenal.", "Unknown permission '\(text)'."))
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
            print(
                words(
                    "Token \(created.token.id) untuk \(name). Simpan rahasianya sekarang; tidak akan ditampilkan lagi:",
                    "Token \(created.token.id) for \(name). Keep its secret now; it will not be shown again:"))
            print(created.secret)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words("Cabut token berdasarkan ID-nya.", "Revoke a token by its id."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("ID token.", "The token's id."))
        var id: String

        func run() async throws {
            try await withAccounts(databaseOptions) { accounts, _ in
                _ = try await accounts.revokeToken(id, by: .system("cli"), address: nil)
            }
            print(words("Token \(id) dicabut.", "Token \(id) revoked."))
        }
    }
}

/// Why a jurisdiction is refused, in the language of this run.
func notAJurisdiction(_ text: String) -> String {
    words("'\(text)' bukan 35.15, 35, atau nasional.", "'\(text)' is not 35.15, 35 or nasional.")
}
