import Foundation
import SiagaServer
import SiagaStore
import Testing

@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test("Data acknowledged to a client survives SIGKILL of the server and is served after restart")
    func acknowledgedWritesSurviveSIGKILL() async throws {
        // given a server with the demo regions
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let port = LoopbackPort.free()
        let token = try SiagaProcess.token(
            database: database, permissions: ["incident.create", "incident.read", "call.write", "call.read"])
        let first = try await SiagaProcess.serve(database: database, port: port, extra: ["--demo"])
        let (created, incident) = try await SiagaProcess.request(
            "POST", port: port, path: "/api/v1/incidents", token: token,
            json:
                #"{"regionCode": "35.15", "description": "Kebakaran gudang, dilaporkan sesaat sebelum server mati", "category": "kebakaran"}"#
        )
        let (recorded, call) = try await SiagaProcess.request(
            "POST", port: port, path: "/api/v1/calls", token: token,
            json:
                #"{"regionCode": "35.15", "channel": "voice112", "callerNumber": "081200001111", "disposition": "silent"}"#
        )
        #expect(created == 201)
        #expect(recorded == 201)
        let incidentID = try #require((incident["incident"] as? [String: Any])?["id"] as? String)
        let callID = try #require((call["call"] as? [String: Any])?["id"] as? String)
        // when the process is killed without any chance to flush
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let second = try await SiagaProcess.serve(database: database, port: port)
        defer {
            second.terminate()
            second.waitUntilExit()
        }
        // then
        let (incidentStatus, readIncident) = try await SiagaProcess.request(
            "GET", port: port, path: "/api/v1/incidents/\(incidentID)", token: token)
        let (callStatus, readCall) = try await SiagaProcess.request(
            "GET", port: port, path: "/api/v1/calls/\(callID)", token: token)
        #expect(incidentStatus == 200)
        #expect(readIncident["number"] as? String == (incident["incident"] as? [String: Any])?["number"] as? String)
        #expect(callStatus == 200)
        #expect(readCall["disposition"] as? String == "silent")
    }
}

@Suite("Command line")
struct CommandLineTests {
    @Test("siaga demo seeds an empty database once, and siaga migrate reports the schema version")
    func demoAndMigrate() throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let seeded = try SiagaProcess.run(["--lang", "en", "demo", "--database", database])
        let again = try SiagaProcess.run(["--lang", "en", "demo", "--database", database])
        let migrate = try SiagaProcess.run(["--lang", "en", "migrate", "--database", database])
        #expect(seeded.status == 0)
        #expect(seeded.output.contains("Seeded 2 regions, 18 agencies"))
        #expect(again.output.contains("nothing seeded"))
        #expect(migrate.output.contains("schema version \(AllMigrations.list.count)."))
    }

    @Test("An unknown option is refused with a usage message and a non-zero status")
    func badOption() throws {
        let result = try SiagaProcess.run(["serve", "--no-such-option"])
        #expect(result.status != 0)
    }
}

@Suite("Command line: people and tokens")
struct AccountCommandTests {
    @Test("siaga user adds, lists, resets and disables users; a weak password is refused with the rule it breaks")
    func users() throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let added = try SiagaProcess.run(
            [
                "user", "add", "ayu", "--name", "Ayu Lestari", "--role", "supervisor", "--jurisdiction", "35",
                "--database",
                database,
            ], input: "kuda-lumping-112\n")
        let weak = try SiagaProcess.run(
            [
                "user", "add", "budi", "--name", "Budi", "--role", "callTaker", "--jurisdiction", "35.15", "--database",
                database,
            ], input: "pendek\n")
        let reset = try SiagaProcess.run(
            ["user", "reset-password", "ayu", "--database", database], input: "reog-ponorogo-35\n")
        let disabled = try SiagaProcess.run(["user", "disable", "ayu", "--database", database])
        let listed = try SiagaProcess.run(["user", "list", "--database", database])
        #expect(added.status == 0)
        #expect(weak.status != 0)
        #expect(reset.status == 0)
        #expect(disabled.status == 0)
        #expect(listed.output == "ayu\tsupervisor\t35\t\tnonaktif\tAyu Lestari\n")
    }

    @Test("siaga token create prints a secret once; revoke by id")
    func tokens() throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        let secret = try SiagaProcess.token(database: database, permissions: ["call.write"])
        let unknown = try SiagaProcess.run(
            ["token", "create", "x", "--jurisdiction", "35.15", "--permission", "user.manage", "--database", database])
        #expect(secret.count > 40)
        #expect(unknown.status != 0)
        let revokeUnknown = try SiagaProcess.run(["token", "revoke", "tidak-ada", "--database", database])
        #expect(revokeUnknown.status != 0)
    }
}
