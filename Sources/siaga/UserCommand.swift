import ArgumentParser
import Foundation
import Logging
import SiagaCore
import SiagaServer
import SiagaStore

#if canImport(Glibc)
    import Glibc
#endif

/// `siaga user`: people who sign in to the console.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: words(
            "Tambah, tampilkan, atur ulang kata sandi, dan nonaktifkan pengguna.",
            "Add, list, reset and disable the people who sign in."),
        subcommands: [Add.self, List.self, ResetPassword.self, Disable.self])

    /// `echo "$PASSWORD" | siaga user add ayu --name "Ayu Lestari" --role callTaker --jurisdiction 35.15`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Tambahkan pengguna. Kata sandi dibaca dari masukan standar (diminta bila dijalankan di terminal).",
                "Add a user. The password is read from standard input (prompted for on a terminal)."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(
            help: .words(
                "Nama pengguna: huruf kecil, angka, '.', '_' atau '-', diawali huruf.",
                "Username: lowercase letters, digits, '.', '_' or '-', starting with a letter."))
        var username: String

        @Option(
            help: .words(
                "Nama yang tampil di layar dan lini waktu.", "The name shown on screens and timelines."))
        var name: String

        @Option(
            help: .words(
                "callTaker, supervisor, agencyOperator, fieldOfficer, leader, atau admin.",
                "callTaker, supervisor, agencyOperator, fieldOfficer, leader or admin."))
        var role: String

        @Option(
            help: .words(
                "Wilayah kerja pengguna: kode kabupaten/kota (35.15), kode provinsi (35), atau 'nasional'.",
                "Where the user works: a regency/city code (35.15), a province code (35) or 'nasional'."))
        var jurisdiction: String

        @Option(
            help: .words(
                "OPD seorang operator OPD atau petugas lapangan, misalnya 3515-damkar.",
                "The agency of an agency operator or field officer, e.g. 3515-damkar."))
        var agency: String?

        @Option(
            help: .words(
                "Unit tempat petugas lapangan bertugas, dipisahkan koma.",
                "Units a field officer crews, comma-separated."))
        var units: String?

        @Option(
            help: .words(
                "Telepon tempat operator menjawab 112, dengan nama yang terdaftar di sentral (misalnya op1).",
                "The phone a call taker answers 112 on, as it registers with the switch (e.g. op1)."))
        var phone: String?

        func run() async throws {
            let account = try account()
            let password = try readPassword(
                prompt: words("Kata sandi untuk \(account.username): ", "Password for \(account.username): "))
            try await withAccounts(databaseOptions) { accounts, _ in
                _ = try await accounts.createUser(account, password: password, by: .system("cli"), address: nil)
            }
            let who = "\(account.username) (\(account.role.rawValue), \(account.jurisdiction))"
            print(words("\(who) ditambahkan.", "\(who) added."))
        }

        /// The account the options describe, or the reason they are refused.
        private func account() throws -> UserAccount {
            guard let role = Role(rawValue: role), role != .integration else {
                throw ValidationError(
                    words(
                        "Peran '\(self.role)' tidak dikenal. Gunakan siaga token untuk integrasi.",
                        "Unknown role '\(self.role)'. Use siaga token for integrations."))
            }
            guard let jurisdiction = Jurisdiction(jurisdiction) else {
                throw ValidationError(notAJurisdiction(self.jurisdiction))
            }
            let phoneName = try phone.map { text in
                guard let name = PhoneName(text) else {
                    throw ValidationError(
                        words(
                            "'\(text)' bukan nama telepon: huruf, angka, '.', '_', dan '-'.",
                            "'\(text)' is no phone name: letters, digits, '.', '_' and '-'."))
                }
                return name
            }
            return UserAccount(
                username: username.lowercased(), displayName: name, role: role, jurisdiction: jurisdiction,
                agency: agency.map(AgencyID.init),
                units: Set(
                    (units ?? "").split(separator: ",").map { UnitID(String($0).trimmingCharacters(in: .whitespaces)) }),
                phone: phoneName)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words("Tampilkan pengguna, satu per baris.", "List users, one per line."))

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await withAccounts(databaseOptions) { _, store in
                // Tab-separated for scripts, with the same words in every language.
                for user in try await store.read({ try await $0.users(within: .nation) }) {
                    let account = user.account
                    let scope = [
                        account.agency?.rawValue,
                        account.units.isEmpty ? nil : account.units.map(\.rawValue).sorted().joined(separator: "+"),
                    ]
                    .compactMap { $0 }.joined(separator: " ")
                    print(
                        [
                            account.username, account.role.rawValue, account.jurisdiction.description, scope,
                            account.disabled ? "nonaktif" : "aktif", account.displayName,
                        ]
                        .joined(separator: "\t"))
                }
            }
        }
    }
}

extension UserCommand {
    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: words(
                "Tetapkan kata sandi baru (dibaca dari masukan standar) dan akhiri semua sesi pengguna itu.",
                "Set a new password (read from standard input) and end the user's sessions."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Nama pengguna.", "The username."))
        var username: String

        func run() async throws {
            let password = try readPassword(
                prompt: words("Kata sandi baru untuk \(username): ", "New password for \(username): "))
            try await withAccounts(databaseOptions) { accounts, _ in
                try await accounts.resetPassword(of: username, to: password, by: .system("cli"), address: nil)
            }
            print(
                words(
                    "Kata sandi \(username) diganti; semua sesinya diakhiri.",
                    "Password of \(username) changed; all their sessions ended."))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                "Nonaktifkan pengguna (atau aktifkan lagi dengan --enable); menonaktifkan langsung mengakhiri "
                    + "semua sesinya.",
                "Disable a user (or enable again with --enable); disabling ends their sessions at once."))

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: .words("Nama pengguna.", "The username."))
        var username: String

        @Flag(help: .words("Aktifkan kembali pengguna itu.", "Enable the user again instead."))
        var enable = false

        func run() async throws {
            try await withAccounts(databaseOptions) { accounts, store in
                guard var account = try await store.read({ try await $0.user(username) })?.account else {
                    throw AccountService.UserNotFound(username: username)
                }
                account.disabled = !enable
                _ = try await accounts.updateUser(account, by: .system("cli"), address: nil)
            }
            print(
                enable
                    ? words("\(username) diaktifkan.", "\(username) enabled.")
                    : words(
                        "\(username) dinonaktifkan; semua sesinya diakhiri.",
                        "\(username) disabled; all their sessions ended."))
        }
    }
}

/// Opens the store, runs `body` with the account service, closes the store, and words any error for a person.
func withAccounts(
    _ options: DatabaseOptions, _ body: (AccountService, SQLStore) async throws -> Void
) async throws {
    let store = try await options.openStore(logger: Logger(label: "siaga"))
    let result = await Result { try await body(AccountService(dependencies: Dependencies(store: store)), store) }
    try await store.backend.shutdown()
    if case .failure(let error) = result { throw CommandFailure(reporting: error) }
}

/// A password from the terminal without echo, or the first line of standard input when piped.
func readPassword(prompt: String) throws -> String {
    #if canImport(Glibc)
        if isatty(STDIN_FILENO) != 0, let typed = getpass(prompt) { return String(cString: typed) }
    #endif
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError(words("Tidak ada kata sandi di masukan standar.", "No password on standard input."))
    }
    return line
}
