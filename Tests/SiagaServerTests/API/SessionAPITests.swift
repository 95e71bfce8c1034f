import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// Signing in: sessions, their end, CSRF, and the limit on guessing.
@Suite("Sign-in and sessions")
struct SessionAPITests {
    static let password = "kuda-lumping-112"

    /// An admin adds Ayu, a call taker of Sidoarjo.
    static func addAyu(_ app: TestApp) async throws {
        let added = try await app.send(
            .post, "/users",
            json: [
                "username": "ayu", "displayName": "Ayu Lestari", "role": "callTaker", "jurisdiction": "35.15",
                "password": password,
            ], as: .admin)
        #expect(added.status == .created, "\(added.text)")
    }

    /// Signs in and returns the headers later requests send: the cookie and the CSRF token.
    static func signIn(
        _ app: TestApp, _ username: String = "ayu", password: String = password, from address: String? = nil
    ) async throws -> (TestResponse, HTTPFields) {
        let response = try await app.send(
            .post, "/session", json: ["username": username, "password": password],
            headers: address.map { [.init("X-Forwarded-For")!: $0] } ?? [:], signedIn: false)
        let cookie = response.headers[.setCookie] ?? ""
        let secret = cookie.split(separator: ";").first.map(String.init) ?? ""
        return (response, [.cookie: secret, .init("X-CSRF-Token")!: response["csrfToken"] as? String ?? ""])
    }

    @Test("Signing in sets an HttpOnly, SameSite=Strict cookie; the session names the user and their permissions")
    func signIn() async throws {
        try await TestApp.run(as: .admin) { app in
            try await Self.addAyu(app)
            let (response, headers) = try await Self.signIn(app)
            #expect(response.status == .created)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            #expect(response["role"] as? String == "callTaker")
            #expect((response["permissions"] as? [String])?.contains("call.write") == true)
            let me = try await app.send(.get, "/session", headers: headers, signedIn: false)
            #expect(me["name"] as? String == "ayu")
            #expect(!response.text.contains(Self.password))
        }
    }

    @Test("A change sent with the cookie but without the CSRF token is refused; with it, it goes through")
    func csrf() async throws {
        try await TestApp.run(as: .admin) { app in
            try await Self.addAyu(app)
            let (_, headers) = try await Self.signIn(app)
            let call = ["regionCode": "35.15", "channel": "voice112", "disposition": "silent"]
            var cookieOnly = headers
            cookieOnly[.init("X-CSRF-Token")!] = nil
            let refused = try await app.send(.post, "/calls", json: call, headers: cookieOnly, signedIn: false)
            let accepted = try await app.send(.post, "/calls", json: call, headers: headers, signedIn: false)
            #expect(refused.status == .forbidden)
            #expect(refused["type"] as? String == "urn:siaga112:problem:csrf-token-mismatch")
            #expect(accepted.status == .created)
        }
    }

    @Test("A session ends after an hour idle, and after twelve hours however busy; each answer says why")
    func expiry() async throws {
        try await TestApp.run(as: .admin) { app in
            try await Self.addAyu(app)
            let (_, headers) = try await Self.signIn(app)
            app.clock.advance(by: 59 * 60)
            #expect(try await app.send(.get, "/session", headers: headers, signedIn: false).status == .ok)
            app.clock.advance(by: 59 * 60)
            #expect(try await app.send(.get, "/session", headers: headers, signedIn: false).status == .ok)
            app.clock.advance(by: 61 * 60)
            let idle = try await app.send(.get, "/session", headers: headers, signedIn: false)
            #expect(idle.status == .unauthorized)
            #expect(idle["reason"] as? String == "sessionExpired")

            let (_, busy) = try await Self.signIn(app)
            for _ in 0..<14 {
                app.clock.advance(by: 55 * 60)
                _ = try await app.send(.get, "/session", headers: busy, signedIn: false)
            }
            let absolute = try await app.send(.get, "/session", headers: busy, signedIn: false)
            #expect(absolute.status == .unauthorized)
            #expect(absolute["reason"] as? String == "sessionExpired")
        }
    }

    @Test("Signing out, or an admin disabling the user, ends the session at once")
    func revocation() async throws {
        try await TestApp.run(as: .admin) { app in
            try await Self.addAyu(app)
            let (_, first) = try await Self.signIn(app)
            #expect(try await app.send(.delete, "/session", headers: first, signedIn: false).status == .noContent)
            let afterSignOut = try await app.send(.get, "/session", headers: first, signedIn: false)
            #expect(afterSignOut.status == .unauthorized)
            #expect(afterSignOut["reason"] as? String == "sessionRevoked")

            let (_, second) = try await Self.signIn(app)
            let disabled = try await app.send(.patch, "/users/ayu", json: ["disabled": true])
            #expect(disabled["disabled"] as? Bool == true)
            #expect(try await app.send(.get, "/session", headers: second, signedIn: false).status == .unauthorized)
            let (again, _) = try await Self.signIn(app)
            #expect(again.status == .unauthorized)
        }
    }

    @Test("Five wrong passwords lock the account for the window, even for the right one; then it opens again")
    func throttlePerAccount() async throws {
        try await TestApp.run(as: .admin) { app in
            try await Self.addAyu(app)
            for _ in 0..<5 {
                let (wrong, _) = try await Self.signIn(app, password: "salah-salah-salah")
                #expect(wrong.status == .unauthorized)
                #expect(wrong["type"] as? String == "urn:siaga112:problem:sign-in-failed")
            }
            let (locked, _) = try await Self.signIn(app)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "900")
            #expect((locked["detail"] as? String)?.contains("Coba lagi dalam 15 menit") == true)
            app.clock.advance(by: 15 * 60 + 1)
            let (open, _) = try await Self.signIn(app)
            #expect(open.status == .created)
        }
    }

    @Test("Twenty failures from one address lock that address for every account, not other addresses")
    func throttlePerAddress() async throws {
        try await TestApp.run(as: .admin, auth: AuthSettings(passwordCost: 4, behindProxy: true)) { app in
            try await Self.addAyu(app)
            for index in 0..<20 {
                _ = try await Self.signIn(app, "tebak\(index)", password: "salah-salah-salah", from: "10.1.1.7")
            }
            let (locked, _) = try await Self.signIn(app, from: "10.1.1.7")
            let (elsewhere, _) = try await Self.signIn(app, from: "10.1.1.8")
            #expect(locked.status == .tooManyRequests)
            #expect(elsewhere.status == .created)
            let audit = try await app.send(.get, "/audit?action=login.failed&limit=1")
            #expect(audit["items.0.address"] as? String == "10.1.1.7")
        }
    }

    @Test("Without credentials every protected route answers 401 as a problem; health and sign-in stay open")
    func everyRouteNeedsSignIn() async throws {
        try await TestApp.run { app in
            let routes: [(HTTPRequest.Method, String)] = [
                (.get, "/incidents"), (.post, "/incidents"), (.get, "/incidents/x"), (.post, "/incidents/x/events"),
                (.post, "/incidents/x/caller-reveal"), (.get, "/calls"), (.post, "/calls"), (.patch, "/calls/x"),
                (.post, "/aml"), (.get, "/aml"), (.get, "/regions"), (.post, "/regions"),
                (.put, "/regions/35.15/matrix"),
                (.get, "/agencies"), (.get, "/units"), (.get, "/posko"), (.get, "/locate"), (.get, "/places"),
                (.get, "/users"), (.post, "/tokens"), (.get, "/audit"), (.get, "/session"), (.delete, "/session"),
                (.get, "/incidents/x/attachments/\(String(repeating: "a", count: 64))"),
            ]
            for (method, path) in routes {
                let response = try await app.send(method, path, json: [:], signedIn: false)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(response["type"] as? String == "urn:siaga112:problem:not-authenticated")
            }
            #expect(try await app.send(.get, "/health", signedIn: false).status == .ok)
            #expect(try await app.send(.get, "/openapi.json", signedIn: false).status == .ok)
        }
    }
}
