import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("The console's files and the matrix proposal it asks for")
struct ConsoleAssetsTests {
    @Test("The console is served with a strict content security policy; / sends a browser there")
    func consoleIsServed() async throws {
        try await TestApp.run { app in
            let page = try await app.send(.get, "/console/", signedIn: false, under: "")
            #expect(page.status == .ok)
            #expect(page.text.contains("/console/js/app.js"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'"))
            let module = try await app.send(.get, "/console/js/i18n/id.js", signedIn: false, under: "")
            #expect(module.status == .ok)
            let root = try await app.send(.get, "/", signedIn: false, under: "")
            #expect(root.status == .found)
            #expect(root.headers[.location] == "/console/")
            let config = try await app.send(.get, "/console/config.json", signedIn: false, under: "")
            #expect(config["tileUrl"] as? String == ConsoleSettings().tileURL)
        }
    }

    @Test("Both languages of the console have the same texts")
    func dictionariesMatch() throws {
        let directory = try #require(ConsoleAssets.directory)
        func keys(_ language: String) throws -> Set<String> {
            let text = try String(contentsOfFile: "\(directory)/js/i18n/\(language).js", encoding: .utf8)
            let pattern = try Regex(#"^\s+"([^"]+)":"#).anchorsMatchLineEndings()
            return Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
        }
        let indonesian = try keys("id")
        #expect(indonesian.count > 250)
        #expect(indonesian == (try keys("en")))
    }

    @Test("The file server never sees API paths: a traversal attempt there is the API's 404")
    func apiPathsBypassTheFileServer() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/incidents/x/attachments/..%2F..%2Fetc%2Fpasswd")
            #expect(response.status == .notFound)
            let traversal = try await app.send(.get, "/console/..%2F..%2Fetc%2Fpasswd", signedIn: false, under: "")
            #expect(traversal.status != .ok)
        }
    }

    @Test("Before an incident exists, the matrix proposes the agencies forward will use")
    func proposalBeforeTheIncident() async throws {
        try await TestApp.run { app in
            try await app.send(
                .put, "/regions/35.15/matrix",
                json: [
                    "reason": "Uji",
                    "rows": [
                        ["category": "kebakaran", "primary": "3515-damkar", "supporting": ["3515-psc119"]],
                        ["category": "kebakaran", "kecamatan": "35.15.18", "primary": "3515-bpbd"],
                    ],
                ], as: .admin)
            let general = try await app.send(.get, "/regions/35.15/matrix/proposal?category=kebakaran", as: .callTaker)
            let waru = try await app.send(
                .get, "/regions/35.15/matrix/proposal?category=kebakaran&kecamatan=35.15.18", as: .callTaker)
            let missing = try await app.send(.get, "/regions/35.15/matrix/proposal", as: .callTaker)
            #expect(
                (general["agencies"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    "3515-damkar", "3515-psc119",
                ])
            #expect((waru["agencies"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["3515-bpbd"])
            #expect(missing.status == .badRequest)
            #expect(missing["errors.0.field"] as? String == "category")
        }
    }
}
