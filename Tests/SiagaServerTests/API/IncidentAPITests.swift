import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incidents API")
struct IncidentAPITests {
    @Test("An incident opened from a call is numbered, prioritised by category, and marks the call as its emergency")
    func openFromCall() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.openIncident()
            // then
            #expect(response.status == .created)
            #expect(response["incident.number"] as? String == "3515-261123-0001")
            #expect(response["incident.priority"] as? String == "P1")
            #expect(response["incident.status"] as? String == "logged")
            #expect(response["incident.callerNumber"] as? String == "+6281234567890")
            let id = try #require(response["incident.id"] as? String)
            #expect(response.headers[.location] == "/api/v1/incidents/\(id)")
            let callID = try #require((response["incident.callIds"] as? [String])?.first)
            let call = try await app.send(.get, "/calls/\(callID)")
            #expect(call["disposition"] as? String == "emergency")
            #expect(call["incidentId"] as? String == id)
        }
    }

    @Test("An incident goes from logged to closed by commands, each on its timeline")
    func fullLifecycle() async throws {
        try await TestApp.run { app in
            // given
            let opened = try await app.openIncident(category: nil)
            let id = try #require(opened["incident.id"] as? String)
            #expect(opened["incident.priority"] as? String == "P2")
            // when
            var response = try await app.command(
                id, "classify", version: 2, ["category": "hewan-berbahaya", "subcategory": "sarang-tawon"])
            #expect(response["incident.priority"] as? String == "P3")
            response = try await app.command(id, "forward", version: 3, ["agencyIds": ["3515-damkar"]])
            #expect(response["incident.status"] as? String == "dispatched")
            #expect(
                response["incident.dispatches.0.nextActions"] as? [String] == [
                    "acknowledge", "decline", "reroute", "cancel",
                ])
            response = try await app.command(id, "acknowledgeDispatch", version: 5, ["agencyId": "3515-damkar"])
            app.clock.advance(by: 1800)
            response = try await app.command(
                id, "completeDispatch", version: 6,
                ["agencyId": "3515-damkar", "outcome": ["summary": "Sarang tawon dievakuasi"]])
            #expect(response["incident.status"] as? String == "resolved")
            response = try await app.command(id, "close", version: 8)
            // then
            #expect(response.status == .created)
            #expect(response["incident.status"] as? String == "closed")
            #expect(response["incident.closedAt"] as? String == "2026-11-23T03:30:00.000Z")
            let timeline = try await app.send(.get, "/incidents/\(id)/events")
            let items = try #require(timeline["items"] as? [[String: Any]])
            #expect(
                items.compactMap { $0["type"] as? String } == [
                    "created", "callLinked", "classified", "forwarded", "dispatched", "dispatchAcknowledged",
                    "dispatchCompleted", "resolved", "closed",
                ])
            #expect(items.compactMap { $0["version"] as? Int } == Array(1...9))
            #expect(items[4].value(at: "data.agencyId") as? String == "3515-damkar")
            #expect(items[0]["actor"] as? String == "petugas:uji.kepala")
        }
    }

    @Test("A command made against an old version gets 409 with the current incident")
    func staleVersionConflict() async throws {
        try await TestApp.run { app in
            // given
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "addNote", version: 2, ["text": "Api membesar"])
            // when
            let response = try await app.command(
                id, "addNote", version: 2, ["text": "dari layar yang belum dimuat ulang"])
            // then
            #expect(response.status == .conflict)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(response["currentVersion"] as? Int == 3)
            #expect(response["current.noteCount"] as? Int == 1)
        }
    }

    @Test("An action the status does not allow gets 422 that names the status, in the user's language")
    func illegalTransition() async throws {
        try await TestApp.run { app in
            // given
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            // when
            let indonesian = try await app.command(id, "close", version: 2)
            let english = try await app.command(id, "close", version: 2, headers: [.acceptLanguage: "en-US,en;q=0.9"])
            // then
            #expect(indonesian.status == .conflict)
            #expect(indonesian["reason"] as? String == "incidentActionNotAllowed")
            #expect(indonesian["detail"] as? String == "Tidak dapat menutup kejadian yang berstatus tercatat.")
            #expect(english["detail"] as? String == "Cannot close an incident that is logged.")
        }
    }

    @Test("Dispatching before classification is refused")
    func dispatchNeedsClassification() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident(category: nil)["incident.id"] as? String)
            let response = try await app.command(id, "dispatch", version: 2, ["agencyId": "3515-damkar"])
            #expect(response.status == .conflict)
            #expect(response["reason"] as? String == "classificationRequired")
        }
    }

    @Test("A retried write with the same Idempotency-Key returns the stored response and writes once")
    func idempotentRetry() async throws {
        try await TestApp.run { app in
            // given
            let body: [String: Any] = [
                "regionCode": "35.15", "description": "Pohon tumbang", "category": "bencana-alam",
            ]
            let key: HTTPFields = [.init("Idempotency-Key")!: "pbx-7f3a"]
            // when
            let first = try await app.send(.post, "/incidents", json: body, headers: key)
            app.clock.advance(by: 5)
            let retry = try await app.send(.post, "/incidents", json: body, headers: key)
            // then
            #expect(first.status == .created)
            #expect(retry.status == .created)
            #expect(retry.body == first.body)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
            let list = try await app.send(.get, "/incidents")
            #expect((list["items"] as? [Any])?.count == 1)
        }
    }

    @Test("The same Idempotency-Key with a different request is refused with 422")
    func idempotencyKeyReuse() async throws {
        try await TestApp.run { app in
            let key: HTTPFields = [.init("Idempotency-Key")!: "k-1"]
            try await app.send(.post, "/incidents", json: ["regionCode": "35.15", "description": "A"], headers: key)
            let reused = try await app.send(
                .post, "/incidents", json: ["regionCode": "35.15", "description": "B"], headers: key)
            #expect(reused.status == .unprocessableContent)
            #expect(reused["type"] as? String == "urn:siaga112:problem:idempotency-key-reused")
        }
    }

    @Test("An incident can be fetched by its number")
    func fetchByNumber() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let response = try await app.send(.get, "/incidents/3515-261123-0001")
            #expect(response["id"] as? String == id)
        }
    }

    @Test(
        "Incident numbers follow the region's local day across midnight",
        arguments: [
            ("35.15", "2026-11-23T16:59:59Z", "3515-261123"), ("35.15", "2026-11-23T17:00:00Z", "3515-261124"),
            ("51.71", "2026-11-23T15:59:59Z", "5171-261123"), ("51.71", "2026-11-23T16:00:00Z", "5171-261124"),
            ("91.71", "2026-11-23T14:59:59Z", "9171-261123"), ("91.71", "2026-11-23T15:00:00Z", "9171-261124"),
        ])
    func numberingAcrossMidnight(region: String, instant: String, prefix: String) async throws {
        try await TestApp.run(regions: [.sidoarjo, .denpasar, .jayapura], clock: TestClock(.utc(instant))) { app in
            let response = try await app.send(
                .post, "/incidents", json: ["regionCode": region, "description": "Kecelakaan"])
            #expect(response["incident.number"] as? String == "\(prefix)-0001")
        }
    }

    @Test("Concurrent creation over HTTP gives every incident its own number")
    func concurrentCreation() async throws {
        try await TestApp.run { app in
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await app.send(
                            .post, "/incidents", json: ["regionCode": "35.15", "description": "Laporan \(index)"])[
                                "incident.number"] as? String
                    }
                }
                return try await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
            }
            #expect(numbers.count == 12)
            #expect(Set(numbers).count == 12)
        }
    }

    @Test("The list filters by status and text and pages with a cursor")
    func listAndPage() async throws {
        try await TestApp.run { app in
            // given
            for index in 0..<3 {
                try await app.send(
                    .post, "/incidents",
                    json: ["regionCode": "35.15", "description": "Banjir \(index)", "category": "bencana-alam"])
                app.clock.advance(by: 1)
            }
            // when
            let first = try await app.send(.get, "/incidents?region=35.15&status=logged&q=banjir&limit=2")
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try await app.send(
                .get, "/incidents?region=35.15&status=logged&q=banjir&limit=2&cursor=\(cursor)")
            // then
            #expect((first["items"] as? [Any])?.count == 2)
            #expect((second["items"] as? [Any])?.count == 1)
            #expect(second["nextCursor"] == nil)
            #expect(second["items.0.description"] as? String == "Banjir 0")
        }
    }
}
