import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Agencies and region policy API")
struct AgencyAPITests {
    @Test("An agency is added, changed and deactivated; a deactivated agency is no longer dispatched")
    func agencyLifecycle() async throws {
        try await TestApp.run { app in
            // when
            let created = try await app.send(
                .post, "/agencies",
                json: [
                    "regionCode": "35.15", "code": "pmi", "name": "PMI Kabupaten Sidoarjo", "kind": "pmi",
                    "channel": "whatsapp",
                ], as: .admin)
            let again = try await app.send(
                .post, "/agencies", json: ["regionCode": "35.15", "code": "pmi", "name": "PMI", "kind": "pmi"],
                as: .admin)
            let renamed = try await app.send(
                .patch, "/agencies/3515-pmi", json: ["phone": "031-8941234", "active": false], as: .admin)
            // then
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/agencies/3515-pmi")
            #expect(again.status == .conflict)
            #expect(renamed["active"] as? Bool == false)
            #expect(renamed["channel"] as? String == "whatsapp")
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let refused = try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-pmi"]])
            #expect(refused["reason"] as? String == "unknownAgency")
        }
    }

    @Test("Bad agency input is refused field by field")
    func badAgency() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .post, "/agencies",
                json: [
                    "regionCode": "35.15", "code": "Damkar Baru", "name": " ", "kind": "damkar", "phone": "call me",
                ], as: .admin)
            #expect(response.status == .badRequest)
            #expect(
                (response["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == [
                    "code", "name", "phone",
                ])
            let missing = try await app.send(.patch, "/agencies/3515-tidak-ada", json: ["active": false], as: .admin)
            #expect(missing.status == .notFound)
        }
    }

    @Test("With automatic P1 forwarding on, a P1 incident goes to the matrix's agencies as soon as it is opened")
    func automaticP1Forwarding() async throws {
        try await TestApp.run { app in
            // given
            try await app.send(
                .put, "/regions/35.15/matrix", json: ["csv": MatrixAPITests.csv, "reason": "Awal"], as: .admin)
            let policy = try await app.send(
                .patch, "/regions/35.15", json: ["policy": ["autoForwardP1": true]], as: .admin)
            #expect(policy["policy.autoForwardP1"] as? Bool == true)
            // when
            let fire = try await app.send(
                .post, "/incidents",
                json: ["regionCode": "35.15", "description": "Rumah terbakar", "category": "kebakaran"])
            let wasps = try await app.send(
                .post, "/incidents",
                json: ["regionCode": "35.15", "description": "Tawon", "category": "hewan-berbahaya"])
            // then
            #expect(fire["incident.status"] as? String == "dispatched")
            #expect(
                (fire["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String } == [
                    "created", "forwarded", "dispatched", "dispatched",
                ])
            #expect(fire["events.1.actor"] as? String == "system:auto-forward")
            #expect(wasps["incident.status"] as? String == "logged")
        }
    }

    @Test("A deactivated agency drops out of the matrix's proposal instead of blocking the forward")
    func inactiveAgencyLeavesProposal() async throws {
        try await TestApp.run { app in
            try await app.send(
                .put, "/regions/35.15/matrix", json: ["csv": MatrixAPITests.csv, "reason": "Awal"], as: .admin)
            try await app.send(.patch, "/agencies/3515-psc119", json: ["active": false], as: .admin)
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let forwarded = try await app.command(id, "forward", version: 2)
            #expect(forwarded.status == .created, "\(forwarded.text)")
            #expect(
                (forwarded["incident.dispatches"] as? [[String: Any]])?.compactMap { $0["agencyId"] as? String } == [
                    "3515-damkar"
                ])
        }
    }

    @Test("A policy out of range is refused")
    func badPolicy() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .patch, "/regions/35.15", json: ["policy": ["repeatPrankThreshold": 1]], as: .admin)
            #expect(response.status == .badRequest)
            #expect(response["errors.0.field"] as? String == "policy.repeatPrankThreshold")
        }
    }
}

@Suite("Automatic closing")
struct AutoCloseTests {
    @Test("A resolved incident nobody verifies is closed when the region's hours are up, not before")
    func closesWhenDue() async throws {
        try await TestApp.run { app in
            // given a region that closes after one hour, and an incident resolved now
            try await app.send(.patch, "/regions/35.15", json: ["policy": ["autoCloseAfterHours": 1]], as: .admin)
            let id = try #require(try await app.openIncident(category: "lainnya")["incident.id"] as? String)
            try await app.command(id, "resolve", version: 2, ["summary": "Informasi diberikan"])
            let closer = AutoCloser(dependencies: Dependencies(store: app.database.store, now: app.clock.nowFunction))
            // when
            app.clock.advance(by: 3599)
            let early = try await closer.closeOverdue()
            app.clock.advance(by: 1)
            let due = try await closer.closeOverdue()
            // then
            #expect(early.isEmpty)
            #expect(due.map(\.rawValue) == [id])
            let incident = try await app.send(.get, "/incidents/\(id)/events")
            #expect((incident["items"] as? [[String: Any]])?.last?["actor"] as? String == "system:auto-close")
        }
    }

    @Test("Without a policy nothing is closed automatically")
    func offByDefault() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident(category: "lainnya")["incident.id"] as? String)
            try await app.command(id, "resolve", version: 2, ["summary": "Selesai"])
            app.clock.advance(by: 30 * 24 * 3600)
            let closed = try await AutoCloser(
                dependencies: Dependencies(store: app.database.store, now: app.clock.nowFunction)
            ).closeOverdue()
            #expect(closed.isEmpty)
        }
    }
}
