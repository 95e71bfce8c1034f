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
            #expect(response.status == .unprocessableContent)
            #expect(response["dispatchStatus"] as? String == "notified")
            #expect(response["allowedActions"] as? [String] == ["acknowledge", "decline", "reroute", "cancel"])
        }
    }

    @Test("An acknowledgement recorded on the agency's behalf keeps who and by which channel")
    func acknowledgementOnBehalf() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let response = try await app.command(
                id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar", "acknowledgedBy": "Pak Joko", "channel": "radio"],
                headers: [.init("X-Siaga-Petugas")!: "operator.3515.1"])
            #expect(response["incident.dispatches.0.acknowledgement.acknowledgedBy"] as? String == "Pak Joko")
            #expect(response["incident.dispatches.0.acknowledgement.channel"] as? String == "radio")
            #expect(response["incident.dispatches.0.acknowledgement.recordedBy"] as? String == "petugas:operator.3515.1")
        }
    }

    @Test("A declined dispatch flags the incident for re-routing until it is re-routed")
    func declineAndReroute() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let declined = try await app.command(id, "declineDispatch", version: 4, ["agencyId": "3515-damkar", "reason": "Armada habis"])
            #expect(declined["incident.needsRerouting"] as? Bool == true)
            let rerouted = try await app.command(
                id, "rerouteDispatch", version: 5, ["agencyId": "3515-damkar", "toAgencyId": "3515-bpbd", "reason": "BPBD siaga"])
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
                id, "completeDispatch", version: 5, ["agencyId": "3515-damkar", "outcome": ["summary": "Selesai", "deaths": -1]])
            #expect(response.status == .badRequest)
            #expect(response["errors.0.field"] as? String == "outcome.deaths")
        }
    }

    @Test("Resolving by hand while an agency is still working is refused, naming the agency")
    func resolveWithActiveDispatch() async throws {
        try await TestApp.run { app in
            let id = try await Self.forwarded(app)
            let response = try await app.command(id, "resolve", version: 4, ["summary": "Selesai"])
            #expect(response.status == .unprocessableContent)
            #expect(response["reason"] as? String == "activeDispatches")
        }
    }
}
