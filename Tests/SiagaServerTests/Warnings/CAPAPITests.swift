import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// Validates `xml` with xmllint against OASIS's CAP 1.2 schema (`scripts/cap-schema` fetches it; `scripts/test`
/// sets `SIAGA_CAP_XSD`). The schema is not shipped, so its absence fails the test rather than skipping it.
func expectValidCAP(
    _ xml: String, schema name: String = "CAP-v1.2.xsd", sourceLocation: SourceLocation = #_sourceLocation
)
    throws
{
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let schema =
        ProcessInfo.processInfo.environment["SIAGA_CAP_XSD"]
        ?? root.appendingPathComponent(".build/cap-schema/\(name)").path
    guard FileManager.default.fileExists(atPath: schema) else {
        Issue.record("no CAP schema at \(schema): run scripts/cap-schema", sourceLocation: sourceLocation)
        return
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cap-\(UUID().uuidString).xml")
    try xml.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["xmllint", "--noout", "--schema", schema, file.path]
    let output = Pipe()
    process.standardError = output
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0, "xmllint: \(text)\n\(xml)", sourceLocation: sourceLocation)
}

@Suite("CAP 1.2 out: a region's warnings, valid against OASIS's schema, with their updates and cancels")
struct CAPAPITests {
    static let bpbdOperator = TestUser(
        role: .agencyOperator, "uji.bpbd", in: .region(RegionCode("35.15")!), agency: AgencyID("3515-bpbd"))

    nonisolated(unsafe) static let flood: [String: Any] = [
        "event": "banjir", "kecamatan": ["35.15.18", "35.15.17"], "urgency": "Expected", "severity": "Severe",
        "certainty": "Likely", "headline": "Banjir di Waru dan Sedati",
        "description": "Kali Buntung meluap setelah hujan lebat; genangan 50 cm di permukiman & jalan.",
        "instruction": "Amankan dokumen, matikan listrik, menuju posko di Balai Desa Tambakrejo.",
        "english": [
            "headline": "Flooding in Waru and Sedati", "description": "The Buntung river overflowed after heavy rain.",
            "instruction": "Move to the post at Tambakrejo village hall.",
        ], "validHours": 12,
    ]

    @Test(
        "A BPBD operator's flood warning is CAP 1.2 that validates, in Indonesian and English, with each kecamatan's boundary"
    )
    func issue() async throws {
        try await TestApp.run(clock: TestClock(BMKGSamples.now)) { app in
            // when
            let issued = try await app.send(.post, "/regions/35.15/cap-alerts", json: Self.flood, as: Self.bpbdOperator)

            // then
            #expect(issued.status == .created, "\(issued.text)")
            #expect(issued["messageType"] as? String == "Alert")
            let url = try #require(issued["url"] as? String)
            let document = try await app.send(.get, String(url.dropFirst("/api/v1".count)), signedIn: false)
            #expect(document.status == .ok)
            #expect(document.headers[.contentType]?.hasPrefix("application/cap+xml") == true)
            try expectValidCAP(document.text)
            #expect(document.text.contains("<language>id-ID</language>"))
            #expect(document.text.contains("<language>en-US</language>"))
            #expect(document.text.contains("<sent>2026-12-07T10:00:00+07:00</sent>"))
            #expect(document.text.contains("permukiman &amp; jalan"))
            #expect(document.text.contains("<areaDesc>Kecamatan Waru, Kabupaten Sidoarjo</areaDesc>"))
            #expect(document.text.contains("<value>35.15.17</value>"))
            #expect(document.text.components(separatedBy: "<polygon>").count > 2)
            #expect(document.text.contains("<senderName>BPBD</senderName>") || document.text.contains("BPBD"))
        }
    }

    @Test(
        "An update references what it replaces, a cancel withdraws the latest, and each validates; the Atom feed lists them"
    )
    func updateAndCancel() async throws {
        try await TestApp.run(clock: TestClock(BMKGSamples.now)) { app in
            // given
            let issued = try await app.send(.post, "/regions/35.15/cap-alerts", json: Self.flood, as: .supervisor)
            let first = try #require(issued["identifier"] as? String)

            // when the flood spreads, then recedes
            app.clock.advance(by: 3600)
            var wider = Self.flood
            wider["kecamatan"] = ["35.15.18", "35.15.17", "35.15.16"]
            wider["severity"] = "Extreme"
            let updated = try await app.send(.post, "/cap-alerts/\(first)/update", json: wider, as: .supervisor)
            #expect(updated.status == .created, "\(updated.text)")
            let second = try #require(updated["identifier"] as? String)
            app.clock.advance(by: 7200)
            let cancelled = try await app.send(
                .post, "/cap-alerts/\(second)/cancel", json: ["reason": "Air sudah surut; warga boleh kembali."],
                as: .supervisor)
            #expect(cancelled.status == .created, "\(cancelled.text)")

            // then
            for (identifier, type) in [
                (first, "Alert"), (second, "Update"), (cancelled["identifier"] as? String ?? "", "Cancel"),
            ] {
                let xml = try await app.send(.get, "/cap/alerts/\(identifier)", signedIn: false).text
                try expectValidCAP(xml)
                #expect(xml.contains("<msgType>\(type)</msgType>"))
            }
            let update = try await app.send(.get, "/cap/alerts/\(second)", signedIn: false).text
            #expect(update.contains("<references>siaga112-3515,\(first),2026-12-07T10:00:00+07:00</references>"))
            let again = try await app.send(.post, "/cap-alerts/\(first)/cancel", json: ["reason": "x"], as: .supervisor)
            #expect(again.status == .conflict)
            let list = try await app.send(.get, "/regions/35.15/cap-alerts", as: .callTaker)
            #expect(
                (list["items"] as? [[String: Any]])?.compactMap { $0["messageType"] as? String } == [
                    "Cancel", "Update", "Alert",
                ])
            #expect(list["items.2.replacedBy"] as? String == second)
            let feed = try await app.send(.get, "/cap/regions/35.15/feed", signedIn: false)
            #expect(feed.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
            #expect(feed.text.components(separatedBy: "<entry>").count == 4)
        }
    }

    @Test("Bad requests are refused field by field and nothing is issued; only a supervisor or the BPBD may issue")
    func refusals() async throws {
        try await TestApp.run(clock: TestClock(BMKGSamples.now)) { app in
            var wrong = Self.flood
            wrong["kecamatan"] = ["35.05.01", "bukan"]
            wrong["headline"] = " "
            wrong["validHours"] = 500
            let refused = try await app.send(.post, "/regions/35.15/cap-alerts", json: wrong, as: .supervisor)
            #expect(refused.status == .badRequest)
            #expect(
                Set((refused["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == [
                    "kecamatan[0]", "kecamatan[1]", "headline", "validHours",
                ])
            var unknown = Self.flood
            unknown["event"] = "meteor"
            #expect(
                try await app.send(.post, "/regions/35.15/cap-alerts", json: unknown, as: .supervisor).status
                    == .badRequest)
            #expect(
                try await app.send(.post, "/regions/35.15/cap-alerts", json: Self.flood, as: .callTaker).status
                    == .forbidden)
            #expect(
                try await app.send(.post, "/regions/35.15/cap-alerts", json: Self.flood, as: .damkarOperator).status
                    == .forbidden)
            let list = try await app.send(.get, "/regions/35.15/cap-alerts", as: .callTaker)
            #expect((list["items"] as? [Any])?.isEmpty == true)
            let missing = try await app.send(.get, "/cap/alerts/3515-tidak-ada", signedIn: false)
            #expect(missing.status == .notFound)
        }
    }
}
