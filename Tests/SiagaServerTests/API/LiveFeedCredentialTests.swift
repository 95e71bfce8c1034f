import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// An open live console lasts only as long as the credentials it opened with: whatever ends them on REST ends
/// the socket too, with a reason the console understands.
@Suite("Live feed: credentials", .serialized)
struct LiveFeedCredentialTests {
    static func expectSignedOut(_ ended: LiveTestApp.Ended, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ended.messages.last?.type == "disconnect", sourceLocation: sourceLocation)
        #expect(ended.messages.last?.text.contains(#""reason":"signedOut""#) == true, sourceLocation: sourceLocation)
        #expect(ended.closeCode == 4401, sourceLocation: sourceLocation)
    }

    /// Signs `user` in as the console does; returns the session cookie.
    static func signIn(_ user: TestUser, _ app: LiveTestApp) async throws -> String {
        _ = try await app.credentials(user)
        let body = try JSONSerialization.data(
            withJSONObject: ["username": user.account.username, "password": TestUser.password])
        let setCookie = try await app.client.execute(
            uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: body)
        ) { $0.headers[.setCookie] }
        return String(try #require(setCookie?.split(separator: ";").first))
    }

    @Test("An agency operator who signs out stops receiving incidents on the console left open")
    func signOutEndsTheSocket() async throws {
        try await LiveTestApp.run { app in
            let ended = try await app.keepOpen(as: .damkarOperator) {
                let (status, _) = try await app.send(.delete, "/session", as: .damkarOperator)
                #expect(status == .noContent)
            }
            Self.expectSignedOut(ended)
        }
    }

    @Test("Disabling a user, or resetting the password, closes every console the user has open")
    func disableAndResetEndTheSocket() async throws {
        try await LiveTestApp.run { app in
            let disabled = try await app.keepOpen(as: .damkarOperator) {
                let (status, _) = try await app.send(
                    .patch, "/users/uji.damkar", json: ["disabled": true], as: .admin)
                #expect(status == .ok)
            }
            Self.expectSignedOut(disabled)
            let reset = try await app.keepOpen(as: .callTaker) {
                let (status, _) = try await app.send(
                    .post, "/users/uji.operator/password", json: ["password": "kata-sandi-baru-3515"], as: .admin)
                #expect(status == .noContent)
            }
            Self.expectSignedOut(reset)
        }
    }

    @Test("A revoked API token's live feed is closed, full caller numbers and all")
    func revokedTokenEndsTheSocket() async throws {
        try await LiveTestApp.run { app in
            // a board's token, as `siaga token create` makes one on the server
            let (secret, token) = try await AccountService(dependencies: app.dependencies).createToken(
                name: "papan-3515", jurisdiction: .region(RegionCode("35.15")!), agency: nil,
                permissions: [.incidentRead, .callRead], by: .system("uji"), address: nil)
            let ended = try await app.keepOpen(
                as: .admin, headers: [.authorization: "Bearer \(secret)"]
            ) {
                let (status, _) = try await app.send(.delete, "/tokens/\(token.id)", as: .admin)
                #expect(status == .ok)
            }
            Self.expectSignedOut(ended)
        }
    }

    @Test("A console open past the session's twelve hours is closed, though nobody signed it out")
    func expiredSessionEndsTheSocket() async throws {
        let later = Shared<TimeInterval>(0)
        try await LiveTestApp.run(liveNow: { Date().addingTimeInterval(later.get()) }) { app in
            let cookie = try await Self.signIn(.supervisor, app)
            let ended = try await app.keepOpen(as: .supervisor, headers: [.cookie: cookie]) {
                later.update { $0 = 12 * 60 * 60 + 1 }
            }
            #expect(ended.messages.first?.type == "ready", "\(ended.messages.map(\.text))")
            Self.expectSignedOut(ended)
        }
    }

    @Test("A field officer given other units is told to reload, so the console follows the new crew")
    func changedPrincipalEndsTheSocket() async throws {
        try await LiveTestApp.run { app in
            let ended = try await app.keepOpen(as: .damkarCrew) {
                let (status, _) = try await app.send(
                    .patch, "/users/uji.regu.waru", json: ["unitIds": ["3515-damkar-candi-1"]], as: .admin)
                #expect(status == .ok)
            }
            #expect(ended.messages.last?.text.contains(#""reason":"credentialsChanged""#) == true)
            #expect(ended.closeCode == 4002)
        }
    }

    @Test("Consoles whose credentials still hold stay open through the check")
    func validCredentialsStayOpen() async throws {
        try await LiveTestApp.run { app in
            let stays = Task {
                try await app.listen(as: .supervisor) { $0.filter { $0.type == "event" }.count >= 1 }
            }
            let first = try await app.listen(as: .supervisor) { $0.contains { $0.type == "ready" } }
            #expect(first.last?.type == "ready")
            try await app.dependencies.live.recheckCredentials()
            try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500003",
                    "disposition": "prank",
                ],
                as: .supervisor)
            let messages = try await stays.value
            #expect(!messages.contains { $0.type == "disconnect" })
        }
    }

    @Test("A console refused at the door is told why as REST would say it, and closed with the status's code")
    func refusedUpgradeExplains() async throws {
        try await LiveTestApp.run { app in
            let port = try #require(app.client.port)
            func open(_ headers: HTTPFields, query: String = "") throws -> RawWebSocket.Answer {
                try RawWebSocket.open(port: port, path: "/api/v1/live" + query, headers: headers)
            }
            // no credentials: 401
            let anonymous = try open([:])
            #expect(anonymous.statusLine.contains("101"))
            #expect(anonymous.closeCode == 4401)
            #expect(anonymous.texts.first?.contains(#""reason":"refused""#) == true)
            #expect(anonymous.texts.first?.contains(#""status":401"#) == true)
            // a page of another port of this host, of the same host and port over another scheme, or a sandboxed
            // page, with the user's cookie: 403
            for origin in ["http://127.0.0.1:\(port + 1)", "https://127.0.0.1:\(port)", "null"] {
                var headers = try await app.credentials(.supervisor)
                headers[.origin] = origin
                let refused = try open(headers)
                #expect(refused.closeCode == 4403, "\(origin)")
                #expect(refused.texts.first?.contains("crossOrigin") == true, "\(origin)")
            }
            // the same origin is welcome
            var same = try await app.credentials(.supervisor)
            same[.origin] = "http://127.0.0.1:\(port)"
            let welcome = try await app.listen(as: .supervisor, headers: same) { $0.contains { $0.type == "ready" } }
            #expect(welcome.last?.type == "ready")
            // an unreadable `since`: 400
            let unreadable = try open(try await app.credentials(.supervisor), query: "?since=abc")
            #expect(unreadable.closeCode == 4400)
            #expect(unreadable.texts.first?.contains(#""field":"since""#) == true)
        }
    }
}
