import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("BMKG quakes: on the board at once, an incident to verify when strong and near, never a dispatch")
struct QuakeWarningAPITests {
    func submit(_ sample: String, _ app: TestApp, as user: TestUser = .admin) async throws -> TestResponse {
        let text = String(decoding: BMKGSamples.data(sample), as: UTF8.self)
        return try await app.send(.post, "/warnings/bmkg?feed=\(sample)", raw: text, as: user)
    }

    @Test("A quake felt at MMI V in Blitar is on Blitar's list and opens an incident a call taker must verify")
    func blitarQuake() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            // when BMKG's latest quake arrives
            let taken = try await submit("autogempa.json", app)

            // then Blitar, where it was felt at V, gets an incident awaiting verification; Sidoarjo, 120 km away
            // and not on the felt list, only sees it
            #expect(taken.status == .ok, "\(taken.text)")
            #expect(taken["quakes"] as? Int == 1)
            let warnings = taken["warnings"] as? [[String: Any]] ?? []
            let blitar = try #require(warnings.first { $0["region"] as? String == "35.05" })
            #expect(blitar["verdict"] as? String == "verify")
            #expect(warnings.first { $0["region"] as? String == "35.15" }?["verdict"] as? String == "notice")
            let incidentID = try #require(blitar["incidentId"] as? String)

            let list = try await app.send(.get, "/warnings?region=35.05", as: .blitarCallTaker)
            #expect(list["items.0.warning.quake.eventId"] as? String == "20261205143521")
            #expect(list["items.0.warning.assessment.feltIntensity"] as? Int == 5)
            #expect(list["items.0.warning.incidentId"] as? String == incidentID)

            let incident = try await app.send(.get, "/incidents/\(incidentID)", as: .blitarCallTaker)
            #expect(incident["status"] as? String == "logged")
            #expect(incident["verification.request.reference"] as? String == "20261205143521")
            #expect(incident["createdBy"] as? String == "system:bmkg")
            #expect((incident["description"] as? String)?.contains("MMI 5 di Blitar") == true)
        }
    }

    @Test("Forwarding the quake's incident waits for a call taker's verification, then goes out")
    func verifyThenForward() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            // given
            let taken = try await submit("autogempa.json", app)
            let id = try #require(
                (taken["warnings"] as? [[String: Any]])?.compactMap { $0["incidentId"] as? String }.first)

            // when a call taker forwards it before verifying, it is refused with the reason
            let early = try await app.command(
                id, "forward", version: 1, ["agencyIds": ["3505-bpbd"], "reason": "Uji"], as: .blitarCallTaker)
            #expect(early.status == .conflict, "\(early.text)")
            #expect(early["reason"] as? String == "awaitingVerification")

            // then, verified, it is forwarded
            let verified = try await app.command(
                id, "verify", version: 1, ["note": "Camat Kesamben: rumah roboh"], as: .blitarCallTaker)
            #expect(verified.status == .created, "\(verified.text)")
            #expect(verified["incident.verification.verifiedBy"] as? String == "petugas:uji.operator.blitar")
            let forwarded = try await app.command(
                id, "forward", version: 2, ["agencyIds": ["3505-bpbd"], "reason": "Uji"], as: .blitarCallTaker)
            #expect(forwarded.status == .created, "\(forwarded.text)")
        }
    }

    @Test("The same quake from another feed, or read again, is recorded once; a far one is not recorded at all")
    func deduplicated() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            _ = try await submit("autogempa.json", app)
            for feed in ["last30event.xml", "datagempa.json", "autogempa.json"] {
                let again = try await submit(feed, app)
                #expect((again["warnings"] as? [Any])?.isEmpty == true, "\(feed): \(again.text)")
            }
            let felt = try await submit("gempadirasakan.json", app)
            // the small quake felt in Sidoarjo is new; Palu's concerns neither region
            let warnings = felt["warnings"] as? [[String: Any]] ?? []
            #expect(warnings.count == 1)
            #expect(warnings.first?["region"] as? String == "35.15")
            #expect(warnings.first?["incidentId"] == nil)
            let list = try await app.send(.get, "/warnings?region=35.05")
            #expect((list["items"] as? [Any])?.count == 1)
        }
    }

    /// A M 5.6 off Blitar as the data portal's JSON, with BMKG's felt list when given.
    static func portalQuake(felt: String?) -> String {
        let dirasakan = felt.map { ", \"Dirasakan\": \"\($0)\"" } ?? ""
        return """
            {"Infogempa": {"gempa": {"DateTime": "2026-12-06T01:00:00+00:00", "Coordinates": "-8.47,112.21",
             "Lintang": "8.47 LS", "Bujur": "112.21 BT", "Magnitude": "5.6", "Kedalaman": "30 km",
             "Wilayah": "Pusat gempa berada di laut 31 km BaratDaya Kab. Blitar"\(dirasakan)}}}
            """
    }

    @Test("A later reading that puts the region at MMI V raises the first notice to an incident to verify")
    func raisedByALaterReading() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            // given the quake first reported without a felt list: shown in Blitar, nothing to verify
            let first = try await app.send(
                .post, "/warnings/bmkg?feed=gempaterkini.json", raw: Self.portalQuake(felt: nil), as: .admin)
            let blitar = (first["warnings"] as? [[String: Any]] ?? []).first { $0["region"] as? String == "35.05" }
            #expect(blitar?["verdict"] as? String == "notice")

            // when the felt list arrives
            let felt = try await app.send(
                .post, "/warnings/bmkg?feed=gempadirasakan.json", raw: Self.portalQuake(felt: "V Blitar, IV Malang"),
                as: .admin)

            // then Blitar's warning is raised, with an incident to verify; read again, nothing changes
            let raised = (felt["warnings"] as? [[String: Any]] ?? []).first { $0["region"] as? String == "35.05" }
            #expect(raised?["verdict"] as? String == "verify")
            #expect(raised?["incidentId"] is String)
            let list = try await app.send(.get, "/warnings?region=35.05")
            #expect((list["items"] as? [Any])?.count == 1)
            #expect(list["items.0.warning.assessment.verdict"] as? String == "verify")
            let again = try await app.send(
                .post, "/warnings/bmkg?feed=gempadirasakan.json", raw: Self.portalQuake(felt: "V Blitar, IV Malang"),
                as: .admin)
            #expect((again["warnings"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("A document that is not a feed is refused whole; refused entries are recorded with their reasons")
    func refusals() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            let html = try await app.send(
                .post, "/warnings/bmkg?feed=autogempa.json", raw: "<html>502 Bad Gateway</html>", as: .admin)
            #expect(html.status == .unprocessableContent)
            #expect(html["type"] as? String == "urn:siaga112:problem:feed-unreadable")
            let entity = try await submit("hostile-entity.xml", app)
            #expect(entity.status == .unprocessableContent)

            let hostile = try await submit("hostile-entries.json", app)
            #expect(hostile.status == .ok)
            #expect((hostile["refusals"] as? [Any])?.count == 8)
            let feeds = try await app.send(.get, "/warnings/feeds", as: .admin)
            let reasons = (feeds["refusals"] as? [[String: Any]] ?? []).compactMap {
                ($0["refusal"] as? [String: Any])?["reason"] as? String
            }
            #expect(Set(reasons).contains("coordinatesDisagree"))
            #expect(reasons.count == 8)
            // read again, the same refusals are not recorded twice
            _ = try await submit("hostile-entries.json", app)
            let again = try await app.send(.get, "/warnings/feeds", as: .admin)
            #expect((again["refusals"] as? [Any])?.count == 8)
        }
    }

    @Test("Only a relay or an administrator hands in a feed; a call taker is refused")
    func whoMaySubmit() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            let refused = try await submit("autogempa.json", app, as: .callTaker)
            #expect(refused.status == .forbidden)
            let list = try await app.send(.get, "/warnings?region=35.05", as: .blitarCallTaker)
            #expect((list["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("A region sets its own thresholds with its BPBD; nonsense is refused field by field, a change audited")
    func thresholds() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            let defaults = try await app.send(.get, "/regions/35.15/quake-thresholds", as: .callTaker)
            #expect(defaults["incidentMagnitude"] as? Double == 6.0)
            let bad = try await app.send(
                .put, "/regions/35.15/quake-thresholds",
                json: [
                    "noticeMagnitude": 0, "noticeRadiusKm": 150, "incidentIntensity": 13, "incidentMagnitude": 6,
                    "incidentRadiusKm": 100,
                ], as: .sidoarjoAdmin)
            #expect(bad.status == .badRequest)
            #expect(
                (bad["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == [
                    "noticeMagnitude", "incidentIntensity",
                ])
            let set = try await app.send(
                .put, "/regions/35.15/quake-thresholds",
                json: [
                    "noticeMagnitude": 5.0, "noticeRadiusKm": 100, "incidentIntensity": 6, "incidentMagnitude": 6.5,
                    "incidentRadiusKm": 80,
                ], as: .sidoarjoAdmin)
            #expect(set.status == .ok, "\(set.text)")
            // with Sidoarjo's stricter notice radius the Blitar quake, 120 km away, is not shown there
            let taken = try await submit("autogempa.json", app)
            let regions = (taken["warnings"] as? [[String: Any]] ?? []).compactMap { $0["region"] as? String }
            #expect(regions == ["35.05"])
            let audit = try await app.send(.get, "/audit?action=quake-thresholds.changed", as: .admin)
            #expect((audit["items"] as? [Any])?.count == 1)
        }
    }

    @Test("A nowcast CAP file handed in by the relay is on Sidoarjo's list once; a refused one names its field")
    func weatherFromTheRelay() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            let text = String(decoding: BMKGSamples.data("CJI20261207003_alert.xml"), as: UTF8.self)
            let taken = try await app.send(.post, "/warnings/bmkg-cap", raw: text, as: .admin)
            #expect(taken.status == .ok, "\(taken.text)")
            #expect(taken["regions"] as? [String] == ["35.15"])
            let again = try await app.send(.post, "/warnings/bmkg-cap", raw: text, as: .admin)
            #expect(again["regions"] as? [String] == [])
            let list = try await app.send(.get, "/warnings?region=35.15")
            #expect((list["items"] as? [Any])?.count == 1)
            #expect(list["items.0.weather.identifier"] as? String == "CJI20261207003")
            let swapped = String(decoding: BMKGSamples.data("CJI20261207002_alert.xml"), as: UTF8.self)
            let refused = try await app.send(.post, "/warnings/bmkg-cap", raw: swapped, as: .admin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused["field"] as? String == "info.area.polygon")
            #expect(refused["reason"] as? String == "polygonOutsideIndonesia")
            let byCallTaker = try await app.send(.post, "/warnings/bmkg-cap", raw: text, as: .callTaker)
            #expect(byCallTaker.status == .forbidden)
        }
    }
}
