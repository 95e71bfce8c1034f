import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// The ways around the rules that must stay closed.
@Suite("Access hardening")
struct AccessHardeningTests {
    @Test("Searching by digits finds a caller's number for the floor but never for an agency that sees it masked")
    func searchDoesNotRevealNumbers() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
            let floor = try await app.send(.get, "/incidents?region=35.15&q=81234567")
            let agency = try await app.send(.get, "/incidents?region=35.15&q=81234567", as: .damkarOperator)
            #expect((floor["items"] as? [Any])?.count == 1)
            #expect((agency["items"] as? [Any])?.count == 0)
        }
    }

    @Test("Failures from one address do not lock the account for the same person at another address")
    func noLockoutFromElsewhere() async throws {
        try await TestApp.run(as: .admin, auth: AuthSettings(passwordCost: 4, behindProxy: true)) { app in
            try await SessionAPITests.addAyu(app)
            for _ in 0..<5 {
                _ = try await SessionAPITests.signIn(app, password: "salah-salah-salah", from: "203.0.113.9")
            }
            let (attacker, _) = try await SessionAPITests.signIn(app, from: "203.0.113.9")
            let (ayu, _) = try await SessionAPITests.signIn(app, from: "10.20.0.5")
            #expect(attacker.status == .tooManyRequests)
            #expect(ayu.status == .created)
        }
    }

    @Test("Behind the proxy the address is the one the proxy appended, not one the client wrote")
    func forwardedForRightmost() async throws {
        try await TestApp.run(as: .admin, auth: AuthSettings(passwordCost: 4, behindProxy: true)) { app in
            _ = try await app.send(
                .post, "/session", json: ["username": "siapa", "password": "salah-salah-salah"],
                headers: [.init("X-Forwarded-For")!: "1.2.3.4, 198.51.100.7"], signedIn: false)
            let log = try await app.send(.get, "/audit?action=login.failed")
            #expect(log["items.0.address"] as? String == "198.51.100.7")
        }
    }

    @Test("One sign-in per account from each address at a time: a parallel attempt from there waits its turn")
    func oneAttemptAtATime() async {
        let gate = SignInGate()
        #expect(await gate.enter(username: "ayu", address: "10.0.0.1"))
        #expect(!(await gate.enter(username: "ayu", address: "10.0.0.1")))
        await gate.leave(username: "ayu", address: "10.0.0.1")
        #expect(await gate.enter(username: "ayu", address: "10.0.0.1"))
    }

    @Test("An attack on an account from one address never holds up its owner signing in from another")
    func attackFromOneAddressDoesNotStarveAnother() async {
        let gate = SignInGate()
        // the attacker's attempts keep the account's turn at 203.0.113.9 taken
        #expect(await gate.enter(username: "pimpinan.3505", address: "203.0.113.9"))
        #expect(await gate.enter(username: "pimpinan.3505", address: "10.20.0.5"))
        await gate.leave(username: "pimpinan.3505", address: "10.20.0.5")
        #expect(await gate.enter(username: "pimpinan.3505", address: "10.20.0.5"))
    }

    @Test("Every refused sign-in costs one bcrypt verification at the configured cost, whatever refuses it")
    func refusalsCostTheSame() async throws {
        let real = try await PasswordHasher(cost: 4).hash(TestUser.password)
        let user = StoredUser(
            account: TestUser.damkarOperator.account, passwordHash: real, createdAt: .t0, updatedAt: .t0)
        var disabled = user
        disabled.account.disabled = true
        let unknown = PasswordCheck(for: nil, password: TestUser.password, cost: 4)
        let unusable = PasswordCheck(for: user, password: "kata-sandi\u{0}", cost: 4)
        let off = PasswordCheck(for: disabled, password: TestUser.password, cost: 4)
        for refused in [unknown, unusable, off] {
            #expect(!refused.canSucceed)
            // the same cost and shape as a real hash, so verifying it takes as long as a wrong password
            #expect(refused.hash.hasPrefix("$2b$04$"))
            #expect(refused.hash.count == real.count)
            #expect(!(try await PasswordHasher(cost: 4).verify(TestUser.password, against: refused.hash)))
        }
        #expect(PasswordCheck(for: user, password: TestUser.password, cost: 4) == PasswordCheck(real))
        #expect(PasswordCheck.decoy(cost: 12).hasPrefix("$2b$12$"))
    }

    @Test("A gateway of one region cannot place a position on another region's call; a national one can")
    func amlStaysInJurisdiction() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            let blitarGateway = try await app.send(
                .post, "/tokens", json: ["name": "sms-blitar", "jurisdiction": "35.05", "permissions": ["aml.submit"]],
                as: .admin)
            let secret = try #require(blitarGateway["secret"] as? String)
            _ = try await app.answeredCall(number: "081234500001")
            let message = AMLAPITests.aml()
            let sent = try await app.send(
                .post, "/aml", json: ["sender": "081234500001", "message": message],
                headers: [.authorization: "Bearer \(secret)"])
            #expect(sent["status"] as? String == "held", "\(sent.text)")
            #expect(sent["callId"] == nil)
            let national = try await app.send(
                .post, "/aml", json: ["sender": "081234500001", "message": AMLAPITests.aml(top: "20261123025940")],
                as: .smsGateway)
            #expect(national["status"] as? String == "attached", "\(national.text)")
        }
    }

    @Test("A position held by one region's gateway never attaches to that number's call in another region")
    func heldAMLStaysInJurisdiction() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            let blitarGateway = try await app.send(
                .post, "/tokens", json: ["name": "sms-blitar", "jurisdiction": "35.05", "permissions": ["aml.submit"]],
                as: .admin)
            let secret = try #require(blitarGateway["secret"] as? String)
            let held = try await app.send(
                .post, "/aml", json: ["sender": "081234500009", "message": AMLAPITests.aml()],
                headers: [.authorization: "Bearer \(secret)"])
            #expect(held["status"] as? String == "held", "\(held.text)")
            app.clock.advance(by: 20)
            // the same number then calls Sidoarjo's 112
            let sidoarjo = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500009"])
            #expect(sidoarjo.status == .created)
            #expect(sidoarjo["call.location"] == nil, "\(sidoarjo.text)")
            // and Blitar's own call from it takes the position
            let blitar = try await app.send(
                .post, "/calls", json: ["regionCode": "35.05", "channel": "voice112", "callerNumber": "081234500009"])
            #expect(blitar["call.location.latitude"] as? Double == -7.35439, "\(blitar.text)")
        }
    }

    @Test("Another region's incident numbers answer the same whether or not they exist")
    func foreignNumbersDoNotTellExistence() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            let opened = try await app.openIncident()
            let number = try #require(opened["incident.number"] as? String)
            let missing = String(number.dropLast(4)) + "9999"
            let existing = try await app.send(.get, "/incidents/\(number)", as: .blitarCallTaker)
            let absent = try await app.send(.get, "/incidents/\(missing)", as: .blitarCallTaker)
            #expect(existing.status == .notFound)
            #expect(absent.status == .notFound)
            #expect(existing["title"] as? String == absent["title"] as? String)
            #expect(
                existing.text.replacingOccurrences(of: number, with: "N")
                    == absent.text.replacingOccurrences(of: missing, with: "N"))
            // its own region's call taker reads it
            #expect(try await app.send(.get, "/incidents/\(number)", as: .callTaker).status == .ok)
        }
    }

    @Test("The audit CSV quotes every field and defuses formulas, whatever a username says")
    func csvInjection() {
        let entry = AuditEntry(
            id: 1, at: .t0, actor: .petugas(PetugasID("x")), action: .loginFailed,
            target: "x;=cmd|' /C calc'!A0;", detail: ["why": "@SUM(1)"])
        let csv = AuditCSV.render([entry])
        let row = csv.split(separator: "\r\n")[1]
        #expect(row.hasPrefix("\"1\",\"2026-11-23T03:00:00.000Z\",\"petugas:x\",\"login.failed\",\"x;=cmd"))
        #expect(SpreadsheetCSV.quote("=1+1") == "\"'=1+1\"")
        #expect(SpreadsheetCSV.quote("\tcmd") == "\"'\tcmd\"")
    }

    @Test("A province admin reads the audit of the province's own accounts")
    func provinceAudit() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], as: .admin) { app in
            let added = try await app.send(
                .post, "/users",
                json: [
                    "username": "rina", "displayName": "Rina", "role": "leader", "jurisdiction": "35",
                    "password": "kuda-lumping-112",
                ])
            #expect(added.status == .created)
            let provinceAdmin = TestUser(role: .admin, "uji.admin.jatim", in: .province("35"))
            let log = try await app.send(.get, "/audit?action=user.created", as: provinceAdmin)
            let targets = (log["items"] as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
            #expect(targets.contains("rina"))
        }
    }

    @Test("Tokens: names are unique among live tokens; use is audited once per quiet quarter hour")
    func tokenNamesAndUse() async throws {
        try await TestApp.run(as: .admin) { app in
            let first = try await app.send(
                .post, "/tokens", json: ["name": "pbx", "jurisdiction": "35.15", "permissions": ["call.write"]])
            let twin = try await app.send(
                .post, "/tokens", json: ["name": "pbx", "jurisdiction": "35.05", "permissions": ["call.write"]])
            #expect(twin.status == .badRequest)
            let bearer: HTTPFields = [.authorization: "Bearer \(first["secret"] as? String ?? "")"]
            let call = [
                "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500002", "disposition": "prank",
            ]
            let recorded = try await app.send(.post, "/calls", json: call, headers: bearer)
            _ = try await app.send(.post, "/calls", json: call, headers: bearer)
            app.clock.advance(by: 16 * 60)
            _ = try await app.send(.post, "/calls", json: call, headers: bearer)
            #expect(recorded["callerHistory"] == nil)
            let uses = try await app.send(.get, "/audit?action=token.used")
            #expect((uses["items"] as? [Any])?.count == 2)
        }
    }

    @Test("An agency's photo is credited to its own agency; a password with a NUL is refused")
    func photoCreditAndNul() async throws {
        try await TestApp.run { app in
            let weak = try await app.send(
                .post, "/users",
                json: [
                    "username": "nul", "displayName": "Nul", "role": "callTaker", "jurisdiction": "35.15",
                    "password": "\u{0}abcdefghij",
                ], as: .admin)
            // refused with every other text that carries a control character, before any rule on passwords
            #expect(weak.status == .badRequest)
            #expect(weak["errors.0.field"] as? String == "password")
            #expect(weak["errors.0.code"] as? String == "controlCharacter")
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
            let photo = try await app.send(
                .post, "/incidents/\(id)/attachments?agencyId=3515-psc119", bytes: AttachmentAPITests.jpeg,
                as: .damkarOperator)
            #expect(photo["events.0.data.agencyId"] as? String == "3515-damkar", "\(photo.text)")
        }
    }
}
