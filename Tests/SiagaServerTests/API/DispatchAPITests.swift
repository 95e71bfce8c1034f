import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Dispatch API")
struct DispatchAPITests {
    /// An incident forwarded to Damkar; returns its id (version 4).
    static func forwarded(_ app: TestApp) async throws -> String {
        let id = try #require(try await app.openIncident()["incident.id"] as? String)
        try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"]])
        return id
    }

    @Test("A step the dispatch does not allow is refused with its status and the steps it allows")
    func illegalStep() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let response = try await app.command(id, "markOnScene", version: 4, ["agencyId": "3515-damkar"])
            #expect(response.status == .conflict)
            #expect(response["dispatchStatus"] as? String == "notified")
            #expect(response["allowedActions"] as? [String] == ["acknowledge", "decline", "reroute", "cancel"])
        }
    }

    @Test("An acknowledgement recorded on the agency's behalf keeps who and by which channel")
    func acknowledgementOnBehalf() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let response = try await app.command(
                id, "acknowledgeDispatch", version: 4,
                ["agencyId": "3515-damkar", "acknowledgedBy": "Pak Joko", "channel": "radio"],
                as: .callTaker)
            #expect(response["incident.dispatches.0.acknowledgement.acknowledgedBy"] as? String == "Pak Joko")
            #expect(response["incident.dispatches.0.acknowledgement.channel"] as? String == "radio")
            #expect(
                response["incident.dispatches.0.acknowledgement.recordedBy"] as? String == "petugas:uji.operator")
        }
    }

    @Test("A declined dispatch flags the incident for re-routing until it is re-routed")
    func declineAndReroute() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let declined = try await app.command(
                id, "declineDispatch", version: 4, ["agencyId": "3515-damkar", "reason": "Armada habis"])
            #expect(declined["incident.needsRerouting"] as? Bool == true)
            let rerouted = try await app.command(
                id, "rerouteDispatch", version: 5,
                ["agencyId": "3515-damkar", "toAgencyId": "3515-bpbd", "reason": "BPBD siaga"])
            #expect(rerouted["incident.needsRerouting"] as? Bool == false)
            #expect(rerouted["incident.dispatches.1.agencyId"] as? String == "3515-bpbd")
            #expect(rerouted["incident.dispatches.0.status"] as? String == "rerouted")
        }
    }

    @Test("An outcome with impossible counts is refused, naming the field")
    func badOutcome() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            try await app.command(id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            let response = try await app.command(
                id, "completeDispatch", version: 5,
                ["agencyId": "3515-damkar", "outcome": ["summary": "Selesai", "deaths": -1]])
            #expect(response.status == .badRequest)
            #expect(response["errors.0.field"] as? String == "outcome.deaths")
        }
    }

    @Test("Resolving by hand while an agency is still working is refused, naming the agency")
    func resolveWithActiveDispatch() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let response = try await app.command(id, "resolve", version: 4, ["summary": "Selesai"])
            #expect(response.status == .conflict)
            #expect(response["reason"] as? String == "activeDispatches")
        }
    }
}

@Suite("Units API")
struct UnitAPITests {
    @Test("A unit is assigned, goes en route and on scene with its dispatch, and is available again when it completes")
    func unitFollowsDispatch() async throws {
        try await TestApp.run { app in
            let id = try await DispatchAPITests.forwarded(app)
            try await app.command(id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            let suggestions = try await app.send(.get, "/incidents/\(id)/unit-suggestions?agencyId=3515-damkar")
            #expect(
                (suggestions["items"] as? [[String: Any]])?.compactMap { $0["callsign"] as? String } == [
                    "DAMKAR SEDATI 1", "DAMKAR WARU 1",
                ])
            try await app.command(
                id, "assignUnit", version: 5, ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"])
            try await app.command(id, "markEnRoute", version: 6, ["agencyId": "3515-damkar"])
            var units = try await app.send(.get, "/units?region=35.15")
            #expect(Self.status(of: "3515-damkar-waru-1", in: units) == "enRoute")
            try await app.command(id, "markOnScene", version: 7, ["agencyId": "3515-damkar"])
            try await app.command(
                id, "completeDispatch", version: 8, ["agencyId": "3515-damkar", "outcome": ["summary": "Api padam"]])
            units = try await app.send(.get, "/units?region=35.15")
            #expect(Self.status(of: "3515-damkar-waru-1", in: units) == "available")
        }
    }

    @Test("A unit already on another incident is refused, saying it is busy and how far along, in Indonesian")
    func busyUnitRefused() async throws {
        try await TestApp.run { app in
            let first = try await DispatchAPITests.forwarded(app)
            try await app.command(first, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            try await app.command(
                first, "assignUnit", version: 5, ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"])
            try await app.command(first, "markEnRoute", version: 6, ["agencyId": "3515-damkar"])
            let second = try await DispatchAPITests.forwarded(app)
            try await app.command(second, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            let refused = try await app.send(
                .post, "/incidents/\(second)/events",
                json: [
                    "type": "assignUnit", "version": 5, "agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1",
                ], headers: [.acceptLanguage: "id"])
            #expect(refused.status == .conflict)
            #expect(refused["reason"] as? String == "unitBusy")
            #expect(
                refused["detail"] as? String
                    == "Unit '3515-damkar-waru-1' sedang bertugas pada kejadian lain (menuju lokasi); "
                    + "pilih unit lain yang siaga.")
        }
    }

    @Test("Positions from a phone: a late one is ignored, a flood is refused with 429")
    func positions() async throws {
        try await TestApp.run { app in
            let path = "/units/3515-damkar-waru-1/position"
            let first = try await app.send(
                .put, path, json: ["latitude": -7.35, "longitude": 112.73, "at": "2026-11-23T03:00:00Z"])
            let late = try await app.send(
                .put, path, json: ["latitude": -7.40, "longitude": 112.70, "at": "2026-11-23T02:59:00Z"])
            let flood = try await app.send(
                .put, path, json: ["latitude": -7.40, "longitude": 112.70, "at": "2026-11-23T03:00:02Z"])
            let unknown = try await app.send(
                .put, "/units/tidak-ada/position",
                json: ["latitude": -7.4, "longitude": 112.7, "at": "2026-11-23T03:00:00Z"])
            #expect(first.status == .ok)
            #expect(late["lastPosition.latitude"] as? Double == -7.35)
            #expect(flood.status == .tooManyRequests)
            #expect(flood.headers[.retryAfter] == "3")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("Before opening an incident the call taker sees open ones nearby of the same category")
    func duplicatesAtIntake() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            app.clock.advance(by: 600)
            let found = try await app.send(.get, "/incidents/duplicates?region=35.15&category=kebakaran")
            let none = try await app.send(.get, "/incidents/duplicates?region=35.15&category=medis")
            let bad = try await app.send(.get, "/incidents/duplicates?region=35.15")
            #expect(found["items.0.id"] as? String == id)
            #expect((none["items"] as? [Any])?.isEmpty == true)
            #expect(bad.status == .badRequest)
        }
    }

    static func status(of unit: String, in response: TestResponse) -> String? {
        (response["items"] as? [[String: Any]])?.first { $0["id"] as? String == unit }?["status"] as? String
    }
}

@Suite("Field team API")
struct FieldTeamAPITests {
    @Test("A field team sees its task and reports en route, on scene and done from its phone, retries included")
    func fieldTeamFlow() async throws {
        try await TestApp.run { app in
            // given Damkar Waru 1 assigned to a fire
            let id = try await DispatchAPITests.forwarded(app)
            try await app.command(id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            try await app.command(
                id, "assignUnit", version: 5, ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"])
            let unit = "/units/3515-damkar-waru-1"
            // when
            let task = try await app.send(.get, "\(unit)/task")
            let key: HTTPFields = [.init("Idempotency-Key")!: "hp-1"]
            let enRoute = try await app.send(.post, "\(unit)/status", json: ["status": "enRoute"], headers: key)
            let retried = try await app.send(.post, "\(unit)/status", json: ["status": "enRoute"], headers: key)
            let noOutcome = try await app.send(.post, "\(unit)/status", json: ["status": "completed"])
            try await app.send(.post, "\(unit)/status", json: ["status": "onScene"])
            let done = try await app.send(
                .post, "\(unit)/status", json: ["status": "completed", "outcome": ["summary": "Api padam"]])
            let idle = try await app.send(.get, "\(unit)/task")
            let lateRetry = try await app.send(.post, "\(unit)/status", json: ["status": "enRoute"], headers: key)
            let again = try await app.send(.post, "\(unit)/status", json: ["status": "enRoute"])
            // then
            #expect(task["task.incidentId"] as? String == id)
            #expect(task["task.nextStatuses"] as? [String] == ["enRoute"])
            #expect(enRoute["incident.dispatches.0.status"] as? String == "enRoute")
            #expect(retried.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(noOutcome.status == .badRequest)
            #expect(done["incident.status"] as? String == "resolved")
            #expect(idle["task"] == nil)
            #expect(idle["unit.status"] as? String == "available")
            #expect(again.status == .conflict)
            #expect(lateRetry.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(lateRetry.body == enRoute.body)
        }
    }
}
