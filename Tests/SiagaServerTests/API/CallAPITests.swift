import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Calls API")
struct CallAPITests {
    @Test("A prank call is answered, disposed and ended in one request, and counted")
    func prankInOneRequest() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "callerNumber": "0812-3456-7890",
                    "disposition": "prank",
                ])
            // then
            #expect(response.status == .created)
            #expect(response["call.status"] as? String == "ended")
            #expect(response["call.disposition"] as? String == "prank")
            #expect(response["call.callerNumber"] as? String == "+6281234567890")
            #expect(response["call.answeredAt"] as? String == "2026-11-23T03:00:00.000Z")
            #expect(response.headers[.location] == "/api/v1/calls/\(response["call.id"] as! String)")
            let pranks = try await app.send(.get, "/calls?region=35.15&disposition=prank")
            #expect((pranks["items"] as? [Any])?.count == 1)
        }
    }

    @Test("A new call shows the number's earlier calls, dispositions and open incidents")
    func callerHistory() async throws {
        try await TestApp.run { app in
            // given
            for _ in 0..<2 {
                try await app.send(
                    .post, "/calls",
                    json: [
                        "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234567890",
                        "disposition": "prank",
                    ])
                app.clock.advance(by: 60)
            }
            let incident = try await app.openIncident()
            // when
            let response = try await app.send(
                .post, "/calls",
                json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "+62 812 3456 7890"])
            // then
            #expect(response["callerHistory.recentCallCount"] as? Int == 3)
            #expect(response["callerHistory.dispositionCounts.prank"] as? Int == 2)
            #expect(response["callerHistory.dispositionCounts.emergency"] as? Int == 1)
            #expect(response["callerHistory.incidents.0.id"] as? String == incident["incident.id"] as? String)
            #expect(response["callerHistory.openIncidentCount"] as? Int == 1)
            #expect(response["callerHistory.isRepeatPrankCaller"] as? Bool == false)
        }
    }

    @Test("A region that turns the repeat-prank policy on sees repeat prank callers flagged, and still answers them")
    func repeatPrankPolicy() async throws {
        let strict = Region(
            code: Region.sidoarjo.code, name: "Kabupaten Sidoarjo", policy: RegionPolicy(repeatPrankThreshold: 2))!
        try await TestApp.run(regions: [strict]) { app in
            // given
            for _ in 0..<2 {
                try await app.send(
                    .post, "/calls",
                    json: [
                        "regionCode": "35.15", "channel": "voice112", "callerNumber": "081299990000",
                        "disposition": "prank",
                    ])
            }
            // when
            let response = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081299990000"])
            // then
            #expect(response.status == .created)
            #expect(response["call.status"] as? String == "ringing")
            #expect(response["callerHistory.isRepeatPrankCaller"] as? Bool == true)
        }
    }

    @Test("A call nobody answered becomes abandoned with a call-back task, worked until the caller is reached")
    func abandonedCallBack() async throws {
        try await TestApp.run { app in
            // given
            let ringing = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081311112222"])
            let id = try #require(ringing["call.id"] as? String)
            // when
            let ended = try await app.send(.patch, "/calls/\(id)", json: ["end": true])
            // then
            #expect(ended["disposition"] as? String == "abandoned")
            #expect(ended["callback.open"] as? Bool == true)
            #expect(ended["callback.dueAt"] as? String == "2026-11-23T03:01:00.000Z")
            let open = try await app.send(.get, "/calls?callback=open")
            #expect((open["items.0.id"] as? String) == id)
            // when
            let busy = try await app.send(.post, "/calls/\(id)/callback-attempts", json: ["outcome": "noAnswer"])
            let reached = try await app.send(
                .post, "/calls/\(id)/callback-attempts", json: ["outcome": "reached", "note": "Anak salah pencet"])
            let again = try await app.send(.post, "/calls/\(id)/callback-attempts", json: ["outcome": "reached"])
            // then
            #expect(busy["callback.open"] as? Bool == true)
            #expect(reached["callback.open"] as? Bool == false)
            #expect((reached["callback.attempts"] as? [Any])?.count == 2)
            #expect(again.status == .unprocessableContent)
            #expect(again["reason"] as? String == "noOpenCallback")
        }
    }

    @Test("An emergency disposition without an incident is refused")
    func emergencyNeedsIncident() async throws {
        try await TestApp.run { app in
            // given
            let id = try await app.answeredCall()
            // when
            let response = try await app.send(.patch, "/calls/\(id)", json: ["disposition": "emergency"])
            // then
            #expect(response.status == .unprocessableContent)
            #expect(response["reason"] as? String == "incidentRequiredForEmergency")
        }
    }

    @Test("A duplicate call about a recorded incident appears on that incident's timeline")
    func duplicateCallLinksIncident() async throws {
        try await TestApp.run { app in
            // given
            let incident = try await app.openIncident()
            let incidentID = try #require(incident["incident.id"] as? String)
            let second = try await app.answeredCall(number: "085700001111")
            // when
            let response = try await app.send(
                .patch, "/calls/\(second)", json: ["disposition": "duplicate", "incidentId": incidentID, "end": true])
            // then
            #expect(response.status == .ok)
            let updated = try await app.send(.get, "/incidents/\(incidentID)")
            #expect((updated["callIds"] as? [String])?.contains(second) == true)
            let timeline = try await app.send(.get, "/incidents/\(incidentID)/events")
            let types = (timeline["items"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(types == ["created", "callLinked", "callLinked"])
        }
    }

    @Test("A stale call version gets 409 with the current call")
    func staleCallVersion() async throws {
        try await TestApp.run { app in
            // given
            let id = try await app.answeredCall()
            // when
            let response = try await app.send(.patch, "/calls/\(id)", json: ["version": 1, "disposition": "silent"])
            // then
            #expect(response.status == .conflict)
            #expect(response["current.id"] as? String == id)
            #expect(response["currentVersion"] as? Int == 2)
        }
    }
}
