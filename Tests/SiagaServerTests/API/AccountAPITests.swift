import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// Tokens, caller privacy and the audit trail, as admins and agencies meet them.
@Suite("Tokens, caller privacy and audit")
struct AccountAPITests {
    @Test("An admin may not give a token what the admin may not do: reading calls or callers' numbers is refused")
    func tokenNeverBeyondItsCreator() async throws {
        try await TestApp.run(as: .sidoarjoAdmin) { app in
            let reader = try await app.send(
                .post, "/tokens",
                json: ["name": "papan-3515", "jurisdiction": "35.15", "permissions": ["incident.read", "caller.read"]])
            #expect(reader.status == .forbidden, "\(reader.text)")
            #expect(reader["reason"] as? String == "permissionBeyondOwn")
            #expect((reader["detail"] as? String)?.contains("siaga token create") == true)
            // the integration duties and what the admin holds are fine
            let gateway = try await app.send(
                .post, "/tokens",
                json: [
                    "name": "gateway-3515", "jurisdiction": "35.15",
                    "permissions": ["call.write", "aml.submit", "unit.report", "reference.read", "metrics.read"],
                ])
            #expect(gateway.status == .created, "\(gateway.text)")
        }
    }

    @Test("A token's secret is shown once; it does only what it was given; once revoked it is refused")
    func tokenScope() async throws {
        try await TestApp.run(as: .sidoarjoAdmin) { app in
            let created = try await app.send(
                .post, "/tokens",
                json: ["name": "pbx-sidoarjo", "jurisdiction": "35.15", "permissions": ["call.write"]])
            #expect(created.status == .created, "\(created.text)")
            let secret = try #require(created["secret"] as? String)
            let id = try #require(created["id"] as? String)
            let listed = try await app.send(.get, "/tokens")
            #expect(!listed.text.contains(secret))
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            let call = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "disposition": "silent"],
                headers: bearer)
            let read = try await app.send(.get, "/calls?region=35.15", headers: bearer)
            let elsewhere = try await app.send(
                .post, "/calls", json: ["regionCode": "35.05", "channel": "voice112", "disposition": "silent"],
                headers: bearer)
            #expect(call.status == .created)
            #expect(read.status == .forbidden)
            #expect(elsewhere.status == .forbidden)
            #expect(try await app.send(.delete, "/tokens/\(id)").status == .ok)
            let revoked = try await app.send(.get, "/session", headers: bearer)
            #expect(revoked.status == .unauthorized)
            #expect(revoked["reason"] as? String == "tokenRevoked")
        }
    }

    @Test("A regional admin cannot grant a token user administration, nor reach beyond the region")
    func tokenLimits() async throws {
        try await TestApp.run(as: .sidoarjoAdmin) { app in
            let admin = try await app.send(
                .post, "/tokens", json: ["name": "x-tool", "jurisdiction": "35.15", "permissions": ["user.manage"]])
            let wider = try await app.send(
                .post, "/tokens", json: ["name": "x-tool", "jurisdiction": "35", "permissions": ["call.write"]])
            #expect(admin.status == .badRequest)
            #expect(wider.status == .forbidden)
        }
    }

    @Test("An agency sees the caller's number masked, everywhere; revealing it is audited; then it closes again")
    func callerPrivacy() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
            let seen = try await app.send(.get, "/incidents/\(id)", as: .damkarOperator)
            let timeline = try await app.send(.get, "/incidents/\(id)/events", as: .damkarOperator)
            let list = try await app.send(.get, "/incidents?region=35.15", as: .damkarOperator)
            let floor = try await app.send(.get, "/incidents/\(id)")
            #expect(seen["callerNumber"] as? String == "••••••••••7890")
            #expect(seen["callerNumberMasked"] as? Bool == true)
            #expect(!timeline.text.contains("81234567890"))
            #expect(!list.text.contains("81234567890"))
            #expect(floor["callerNumber"] as? String == "+6281234567890")

            let acknowledged = try await app.command(
                id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"], as: .damkarOperator)
            #expect(acknowledged.status == .created)
            #expect(!acknowledged.text.contains("81234567890"))
            let stale = try await app.command(id, "addNote", version: 1, ["text": "x"], as: .damkarOperator)
            #expect(!stale.text.contains("81234567890"))

            let revealed = try await app.send(
                .post, "/incidents/\(id)/caller-reveal", json: ["reason": "Alamat kurang jelas"], as: .damkarOperator)
            #expect(revealed["callerNumber"] as? String == "+6281234567890")
            let audit = try await app.send(.get, "/audit?action=caller.revealed", as: .admin)
            #expect(audit["items.0.actor"] as? String == "petugas:uji.damkar")
            #expect(audit["items.0.detail.reason"] as? String == "Alamat kurang jelas")

            try await app.command(
                id, "declineDispatch", version: 5, ["agencyId": "3515-damkar", "reason": "Bukan wilayah kami"],
                as: .damkarOperator)
            let closed = try await app.send(
                .post, "/incidents/\(id)/caller-reveal", json: ["reason": "Lagi"], as: .damkarOperator)
            #expect(closed.status == .forbidden)
            #expect(closed["reason"] as? String == "noOpenDispatch")
        }
    }

    @Test("Each audited action leaves an entry: who, what, when, from where; the log exports as CSV")
    func auditTrail() async throws {
        try await TestApp.run(as: .admin) { app in
            try await SessionAPITests.addAyu(app)
            _ = try await SessionAPITests.signIn(app)
            _ = try await SessionAPITests.signIn(app, password: "salah-salah-salah")
            _ = try await app.send(.patch, "/users/ayu", json: ["role": "supervisor"])
            _ = try await app.send(.post, "/users/ayu/password", json: ["password": "reog-ponorogo-35"])
            let token = try await app.send(
                .post, "/tokens", json: ["name": "sms-gw", "jurisdiction": "35.15", "permissions": ["aml.submit"]])
            let secret = try #require(token["secret"] as? String)
            _ = try await app.send(.get, "/session", headers: [.authorization: "Bearer \(secret)"])
            _ = try await app.send(.delete, "/tokens/\(token["id"] as? String ?? "")")
            _ = try await app.send(.patch, "/regions/35.15", json: ["policy": ["autoForwardP1": true]])
            _ = try await app.send(.patch, "/agencies/3515-damkar", json: ["phone": "0318910113"])
            let matrix = "category,subcategory,kecamatan,primary,supporting,regulation\nkebakaran,,,damkar,,\n"
            let saved = try await app.send(
                .put, "/regions/35.15/matrix", json: ["csv": matrix, "reason": "Perbup baru"])
            #expect(saved.status == .created || saved.status == .ok, "\(saved.text)")

            let log = try await app.send(.get, "/audit?limit=200")
            let actions = Set((log["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
            for expected in [
                "user.created", "login.succeeded", "login.failed", "user.changed", "password.reset", "token.created",
                "token.used", "token.revoked", "region.changed", "agency.changed", "matrix.changed",
            ] {
                #expect(actions.contains(expected), "\(expected)")
            }
            let change = try await app.send(.get, "/audit?action=user.changed")
            #expect(change["items.0.detail.role"] as? String == "callTaker → supervisor")
            #expect(change["items.0.actor"] as? String == "petugas:uji.admin")
            #expect(!log.text.contains(SessionAPITests.password))

            let csv = try await app.send(.get, "/audit?format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("id,at,actor,action,target,region,address,detail\r\n"))
            #expect(
                try await app.send(.get, "/audit?action=audit.exported")["items.0.action"] as? String
                    == "audit.exported")
        }
    }

    @Test("A regional admin reads only the region's audit entries and manages only its users")
    func adminReach() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], as: .admin) { app in
            try await SessionAPITests.addAyu(app)
            let blitar = try await app.send(
                .post, "/users",
                json: [
                    "username": "sari", "displayName": "Sari", "role": "callTaker", "jurisdiction": "35.05",
                    "password": "kuda-lumping-112",
                ])
            #expect(blitar.status == .created)
            let users = try await app.send(.get, "/users", as: .sidoarjoAdmin)
            let names = (users["items"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            #expect(names.contains("ayu") && !names.contains("sari"))
            #expect(try await app.send(.get, "/users/sari", as: .sidoarjoAdmin).status == .forbidden)
            let log = try await app.send(.get, "/audit", as: .sidoarjoAdmin)
            let targets = (log["items"] as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
            #expect(targets.contains("ayu") && !targets.contains("sari"))
        }
    }
}
