import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("EIDO (NENA-STA-021): an incident out to another center, and back in as an incident")
struct EIDOAPITests {
    /// A house fire in Waru, with a caller, forwarded to Damkar, acknowledged, and a note.
    func fire(_ app: TestApp) async throws -> String {
        let opened = try await app.send(
            .post, "/incidents",
            json: [
                "regionCode": "35.15", "category": "kebakaran", "subcategory": "rumah",
                "description": "Rumah terbakar, penghuni lansia masih di dalam", "callerNumber": "081234567890",
                "callerName": "Siti",
                "location": [
                    "latitude": -7.354386, "longitude": 112.766457, "address": "Jl. Pepelegi Indah 12",
                    "source": "caller",
                ],
            ])
        let id = try #require(opened["incident.id"] as? String)
        _ = try await app.command(id, "forward", version: 1, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
        let version = try #require(try await app.send(.get, "/incidents/\(id)")["version"] as? Int)
        _ = try await app.command(id, "addNote", version: version, ["text": "Api menjalar ke rumah sebelah"])
        return id
    }

    /// Every component's prologue, as EIDO requires it.
    func expectPrologue(_ component: [String: Any]?, _ name: String) {
        #expect((component?["$id"] as? String)?.isEmpty == false, "\(name) $id")
        let stamp = component?["lastUpdateTimeStamp"] as? String ?? ""
        #expect((try? Date(stamp, strategy: .iso8601)) != nil && stamp.hasSuffix("+07:00"), "\(name): \(stamp)")
        #expect((component?["updatedByAgencyReference"] as? [String: Any])?["$ref"] as? String == "siaga112.3515")
    }

    @Test(
        "An incident as EIDO has its agencies, location as PIDF-LO, timeline as notes, and the caller for who may see it"
    )
    func export() async throws {
        try await TestApp.run(clock: TestClock(BMKGSamples.now)) { app in
            let id = try await fire(app)
            let eido = try await app.send(.get, "/incidents/\(id)/eido")
            #expect(eido.status == .ok, "\(eido.text)")
            let document = eido.json
            #expect(document["eidoVersion"] as? String == "1.0")
            #expect(document["issuingElementIdentification"] as? String == "siaga112.3515")
            expectPrologue(document, "document")
            let agencies = document["agencyComponent"] as? [[String: Any]] ?? []
            #expect(agencies.map { $0["$id"] as? String } == ["siaga112.3515", "3515-damkar"])
            #expect(agencies.map { ($0["agencyType"] as? [String])?.first } == ["psap", "fire"])
            for (index, agency) in agencies.enumerated() { expectPrologue(agency, "agency \(index)") }
            let incident = document["incidentComponent"] as? [String: Any]
            expectPrologue(incident, "incident")
            #expect(incident?["incidentTypeCommonRegistryText"] as? String == "Fire")
            #expect(incident?["incidentTypeInternalCode"] as? String == "kebakaran")
            #expect((incident?["internalIncidentId"] as? String)?.hasPrefix("3515-261207-") == true)
            let location = (document["locationComponent"] as? [[String: Any]])?.first
            #expect(
                (location?["locationByValue"] as? String)?.contains("<gml:pos>-7.354386 112.766457</gml:pos>") == true)
            let notes = (document["notesComponent"] as? [[String: Any]] ?? []).compactMap {
                $0["notesActionComments"] as? String
            }
            #expect(notes.first == "Rumah terbakar, penghuni lansia masih di dalam")
            #expect(notes.contains { $0.hasPrefix("Diteruskan ke ") })
            #expect(notes.last == "Api menjalar ke rumah sebelah")
            #expect(eido["personComponent.0.personPhone"] as? String == "+6281234567890")
            let masked = try await app.send(.get, "/incidents/\(id)/eido", as: .damkarOperator)
            #expect(masked.status == .ok)
            #expect(masked["personComponent"] == nil)
        }
    }

    @Test("An EIDO from Sidoarjo becomes an incident in Blitar with its notes; sent again, it is the same incident")
    func roundTrip() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar], clock: TestClock(BMKGSamples.now)) { app in
            // given Sidoarjo's incident as EIDO
            let id = try await fire(app)
            let eido = try await app.send(.get, "/incidents/\(id)/eido")

            // when Blitar takes it in, twice
            let taken = try await app.send(.post, "/regions/35.05/incidents/eido", raw: eido.text, as: .blitarCallTaker)
            let again = try await app.send(.post, "/regions/35.05/incidents/eido", raw: eido.text, as: .blitarCallTaker)

            // then one incident, classified as in Sidoarjo, located, with the caller and the timeline as notes
            #expect(taken.status == .created, "\(taken.text)")
            #expect(again.status == .ok)
            #expect(again["incidentId"] as? String == taken["incidentId"] as? String)
            #expect(again["created"] as? Bool == false)
            let newID = try #require(taken["incidentId"] as? String)
            let incident = try await app.send(.get, "/incidents/\(newID)", as: .blitarCallTaker)
            #expect(incident["regionCode"] as? String == "35.05")
            #expect(incident["category"] as? String == "kebakaran")
            #expect((incident["description"] as? String)?.hasPrefix("[EIDO siaga112.3515 3515-261207-") == true)
            #expect(incident["callerName"] as? String == "Siti")
            #expect(incident["location.latitude"] as? Double == -7.354386)
            #expect((incident["noteCount"] as? Int ?? 0) >= 2)
        }
    }

    @Test("A document that is not a sound EIDO is refused field by field, and nothing is written")
    func refusals() async throws {
        try await TestApp.run(clock: TestClock(BMKGSamples.now)) { app in
            let id = try await fire(app)
            var document = try await app.send(.get, "/incidents/\(id)/eido").json
            document["eidoVersion"] = "2.0"
            document["issuingElementIdentification"] = " "
            document["incidentComponent"] = nil
            var location = (document["locationComponent"] as? [[String: Any]])?.first ?? [:]
            location["locationByValue"] = "<gml:pos>95 500</gml:pos>"
            document["locationComponent"] = [location]
            let refused = try await app.send(.post, "/regions/35.15/incidents/eido", json: document)
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(
                Set((refused["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == [
                    "eidoVersion", "issuingElementIdentification", "incidentComponent",
                    "locationComponent[0].locationByValue",
                ])
            let garbage = try await app.send(.post, "/regions/35.15/incidents/eido", raw: "{\"eidoVersion\": ")
            #expect(garbage.status == .badRequest)
            let list = try await app.send(.get, "/incidents?region=35.15")
            #expect((list["items"] as? [Any])?.count == 1)
        }
    }
}
