import Foundation
import SiagaServer
import Testing

@Suite("Command line: one language per run")
struct CommandLineLanguageTests {
    @Test(
        "The locale chooses the language: the first non-empty of LC_ALL, LC_MESSAGES and LANG, English only for en",
        arguments: [
            ([:], Language.id),
            (["LANG": "C"], .id),
            (["LANG": "POSIX"], .id),
            (["LANG": "id_ID.UTF-8"], .id),
            (["LANG": "en_US.UTF-8"], .en),
            (["LANG": "en"], .en),
            (["LC_MESSAGES": "en_GB.UTF-8", "LANG": "id_ID.UTF-8"], .en),
            (["LC_ALL": "id_ID.UTF-8", "LC_MESSAGES": "en_GB.UTF-8", "LANG": "en_US.UTF-8"], .id),
            (["LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"], .en),
            (["LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"], .id),
        ] as [([String: String], Language)])
    func localeChooses(environment: [String: String], expected: Language) throws {
        // given a command line without --lang
        let arguments = ["user", "list"]

        // when
        let (language, remaining) = try CommandLineLanguage.resolve(arguments: arguments, environment: environment)

        // then
        #expect(language == expected)
        #expect(remaining == arguments)
    }

    @Test(
        "--lang anywhere on the command line wins over the locale and is taken off it",
        arguments: [
            (["--lang", "id", "user", "list"], Language.id, ["user", "list"]),
            (["user", "--lang", "id", "list"], .id, ["user", "list"]),
            (["user", "list", "--lang=id"], .id, ["user", "list"]),
            (["--lang=EN", "--lang", "id", "migrate"], .id, ["migrate"]),
            (["migrate", "--", "--lang", "en"], .en, ["migrate", "--", "--lang", "en"]),
        ] as [([String], Language, [String])])
    func langOptionWins(arguments: [String], expected: Language, remaining expectedRemaining: [String]) throws {
        // given an English locale
        let environment = ["LC_ALL": "en_US.UTF-8"]

        // when
        let (language, remaining) = try CommandLineLanguage.resolve(arguments: arguments, environment: environment)

        // then
        #expect(language == expected)
        #expect(remaining == expectedRemaining)
    }

    @Test("--lang=en chooses English over an Indonesian locale")
    func equalsForm() throws {
        let (language, remaining) = try CommandLineLanguage.resolve(
            arguments: ["--lang=en", "demo"], environment: ["LANG": "id_ID.UTF-8"])
        #expect(language == .en)
        #expect(remaining == ["demo"])
    }

    @Test("An unknown --lang, or one without a value, is refused in both languages")
    func unknownLanguage() {
        #expect(throws: CommandLineLanguage.UnknownLanguage(value: "fr")) {
            try CommandLineLanguage.resolve(arguments: ["--lang", "fr", "demo"], environment: [:])
        }
        #expect(throws: CommandLineLanguage.UnknownLanguage(value: nil)) {
            try CommandLineLanguage.resolve(arguments: ["demo", "--lang"], environment: [:])
        }
        let refusal = CommandLineLanguage.UnknownLanguage(value: "fr").description
        #expect(refusal.contains("tidak dikenal") && refusal.contains("Unknown language"))
    }
}

@Suite("Command line: the siaga binary speaks the chosen language")
struct CommandLineLanguageProcessTests {
    @Test("siaga --lang en refuses a region that does not exist in English, --lang id in Indonesian")
    func refusalFollowsLang() throws {
        // given an agencies file and a database
        let database = SiagaProcess.temporaryDatabase()
        let agencies = database + "-agencies.csv"
        defer {
            SiagaProcess.remove(database)
            try? FileManager.default.removeItem(atPath: agencies)
        }
        try "code,name,kind,phone,channel\n".write(toFile: agencies, atomically: true, encoding: .utf8)
        func add(_ code: String) -> [String] {
            ["region", "add", code, "--agencies", agencies, "--database", database]
        }

        // when
        let english = try SiagaProcess.run(["--lang", "en"] + add("99.99"), includingErrors: true)
        let indonesian = try SiagaProcess.run(add("99.99") + ["--lang", "id"], includingErrors: true)
        let malformedEnglish = try SiagaProcess.run(["--lang=en"] + add("9x"), includingErrors: true)
        let malformedIndonesian = try SiagaProcess.run(["--lang=id"] + add("9x"), includingErrors: true)

        // then the API's words for the unknown region, and the command's own for a malformed code
        #expect(english.status != 0 && english.output.contains("Invalid data"), "\(english.output)")
        #expect(indonesian.status != 0 && indonesian.output.contains("Data tidak valid"), "\(indonesian.output)")
        #expect(!indonesian.output.contains("Invalid data"))
        #expect(malformedEnglish.output.contains("'9x' is not a regency or city code"), "\(malformedEnglish.output)")
        #expect(malformedIndonesian.output.contains("'9x' bukan kode kabupaten/kota"), "\(malformedIndonesian.output)")
    }

    @Test("The locale chooses the language when --lang is not given; Indonesian when it is not English")
    func localeChooses() throws {
        // given
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        func add(_ username: String, lang: String?) throws -> (status: Int32, output: String) {
            try SiagaProcess.run(
                [
                    "user", "add", username, "--name", "Uji", "--role", "callTaker", "--jurisdiction", "35.15",
                    "--database", database,
                ], input: "kuda-lumping-112\n", environment: SiagaProcess.environment(lang: lang))
        }

        // when
        let english = try add("ayu", lang: "en_US.UTF-8")
        let indonesian = try add("budi", lang: "id_ID.UTF-8")
        let unset = try add("citra", lang: nil)

        // then
        #expect(english.status == 0 && english.output == "ayu (callTaker, 35.15) added.\n", "\(english.output)")
        #expect(indonesian.status == 0 && indonesian.output == "budi (callTaker, 35.15) ditambahkan.\n")
        #expect(unset.status == 0 && unset.output == "citra (callTaker, 35.15) ditambahkan.\n", "\(unset.output)")
    }

    @Test("A problem the API words (a weak password) follows the chosen language too")
    func errorReportFollowsLang() throws {
        // given
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let add = [
            "user", "add", "budi", "--name", "Budi", "--role", "callTaker", "--jurisdiction", "35.15", "--database",
            database,
        ]

        // when
        let english = try SiagaProcess.run(
            add, input: "pendek\n", includingErrors: true, environment: SiagaProcess.environment(lang: "en_US.UTF-8"))
        let indonesian = try SiagaProcess.run(
            ["--lang", "id"] + add, input: "pendek\n", includingErrors: true,
            environment: SiagaProcess.environment(lang: "en_US.UTF-8"))

        // then the same refusal, worded once in each language
        #expect(english.status != 0 && indonesian.status != 0)
        #expect(english.output != indonesian.output)
        #expect(english.output.contains("password"), "\(english.output)")
        #expect(indonesian.output.contains("sandi"), "\(indonesian.output)")
    }

    @Test("Help texts are in the chosen language")
    func help() throws {
        // when
        let english = try SiagaProcess.run(["--lang", "en", "user", "add", "--help"])
        let indonesian = try SiagaProcess.run(["user", "add", "--lang=id", "--help"])

        // then
        #expect(english.status == 0)
        #expect(english.output.contains("Add a user."), "\(english.output)")
        #expect(english.output.contains("The name shown on screens and timelines."))
        #expect(indonesian.status == 0)
        #expect(indonesian.output.contains("Tambahkan pengguna."), "\(indonesian.output)")
        #expect(indonesian.output.contains("Nama yang tampil di layar dan lini waktu."))
        #expect(indonesian.output.contains("Basis data: berkas SQLite"))
        #expect(!indonesian.output.contains("The name shown"))
    }

    @Test("siaga --lang fr is refused, in both languages, before any command runs")
    func unknownLanguage() throws {
        // given
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }

        // when
        let refused = try SiagaProcess.run(["--lang", "fr", "migrate", "--database", database], includingErrors: true)

        // then
        #expect(refused.status != 0)
        #expect(refused.output.contains("Bahasa 'fr' tidak dikenal"), "\(refused.output)")
        #expect(refused.output.contains("Unknown language 'fr'"))
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
