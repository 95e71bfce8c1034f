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
            try await app.pranks(2, from: "081234567890")
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

    @Test("A call the switch put on a screen shows its number's history; a call without a number has none")
    func callerHistoryOfAnExistingCall() async throws {
        try await TestApp.run { app in
            // given two pranks from the number, then a call from it and one with no number
            try await app.pranks(2, from: "081234567890")
            let call = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081234567890"])
            let hidden = try await app.send(.post, "/calls", json: ["regionCode": "35.15", "channel": "voice112"])

            // when
            let history = try await app.send(.get, "/calls/\(call["call.id"] as? String ?? "")/caller-history")
            let none = try await app.send(.get, "/calls/\(hidden["call.id"] as? String ?? "")/caller-history")

            // then
            #expect(history.status == .ok)
            #expect(history["callerHistory.recentCallCount"] as? Int == 2)
            #expect(history["callerHistory.dispositionCounts.prank"] as? Int == 2)
            #expect(none.status == .ok)
            #expect(none.json["callerHistory"] is NSNull)
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
            #expect(again.status == .conflict)
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

@Suite("Calls API: links and corrections")
struct CallLinkAPITests {
    @Test("A call naming an incident that does not exist is refused, not a server error")
    func unknownIncident() async throws {
        try await TestApp.run { app in
            let created = try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "disposition": "emergency", "incidentId": "tidak-ada",
                ])
            let id = try await app.answeredCall()
            let patched = try await app.send(
                .patch, "/calls/\(id)", json: ["disposition": "duplicate", "incidentId": "tidak-ada"])
            #expect(created.status == .badRequest)
            #expect(patched.status == .badRequest)
            #expect(patched["errors.0.field"] as? String == "incidentId")
        }
    }

    @Test("A call on one incident's timeline cannot be moved to another, or turned into a prank")
    func callStaysWithItsIncident() async throws {
        try await TestApp.run { app in
            let first = try await app.openIncident()
            let callID = try #require((first["incident.callIds"] as? [String])?.first)
            let second = try await app.send(
                .post, "/incidents", json: ["regionCode": "35.15", "description": "Lain", "callId": callID])
            let prank = try await app.send(.patch, "/calls/\(callID)", json: ["disposition": "prank"])
            #expect(second.status == .conflict)
            #expect(second["reason"] as? String == "callLinkedToIncident")
            #expect(prank.status == .conflict)
        }
    }

    @Test("A call marked abandoned cannot then be answered")
    func abandonedIsNotAnswered() async throws {
        try await TestApp.run { app in
            let ringing = try await app.send(.post, "/calls", json: ["regionCode": "35.15", "channel": "voice112"])
            let id = try #require(ringing["call.id"] as? String)
            try await app.send(.patch, "/calls/\(id)", json: ["disposition": "abandoned"])
            let answered = try await app.send(.patch, "/calls/\(id)", json: ["answer": true])
            #expect(answered.status == .conflict)
        }
    }

    @Test("Contradictory or incomplete new calls are refused instead of dropping what was sent")
    func contradictoryNewCall() async throws {
        try await TestApp.run { app in
            let note = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "sms", "note": "halo"])
            let both = try await app.send(
                .post, "/calls",
                json: ["regionCode": "35.15", "channel": "voice112", "answered": true, "disposition": "abandoned"])
            #expect(note.status == .badRequest)
            #expect(both["errors.0.field"] as? String == "answered")
        }
    }

    @Test("An incident can be opened from an SMS report that nobody 'answered'")
    func incidentFromSMS() async throws {
        try await TestApp.run { app in
            let sms = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "sms", "callerNumber": "081211112222"])
            let callID = try #require(sms["call.id"] as? String)
            let incident = try await app.send(
                .post, "/incidents", json: ["regionCode": "35.15", "description": "Banjir", "callId": callID])
            #expect(incident.status == .created)
            let call = try await app.send(.get, "/calls/\(callID)")
            #expect(call["disposition"] as? String == "emergency")
        }
    }

    @Test("Another call about a closed incident is still linked to it")
    func duplicateOfClosedIncident() async throws {
        try await TestApp.run { app in
            let id = try #require(try await app.openIncident(category: "lainnya")["incident.id"] as? String)
            try await app.command(id, "resolve", version: 2, ["summary": "Informasi diberikan"])
            try await app.command(id, "close", version: 3)
            let call = try await app.answeredCall(number: "081377778888")
            let response = try await app.send(
                .patch, "/calls/\(call)", json: ["disposition": "duplicate", "incidentId": id])
            #expect(response.status == .ok)
        }
    }

    @Test("The caller history shows only this region's calls and incidents")
    func historyPerRegion() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "callerNumber": "081255556666",
                    "disposition": "prank",
                ])
            let blitar = try await app.send(
                .post, "/calls", json: ["regionCode": "35.05", "channel": "voice112", "callerNumber": "081255556666"])
            #expect(blitar["callerHistory.recentCallCount"] as? Int == 0)
        }
    }

    @Test("A retry by incident number replays the write made by incident id")
    func idempotencyAcrossNames() async throws {
        try await TestApp.run { app in
            let opened = try await app.openIncident()
            let id = try #require(opened["incident.id"] as? String)
            let number = try #require(opened["incident.number"] as? String)
            let key: HTTPFields = [.init("Idempotency-Key")!: "note-1"]
            let first = try await app.command(id, "addNote", version: 2, ["text": "Api membesar"], headers: key)
            let retry = try await app.command(number, "addNote", version: 2, ["text": "Api membesar"], headers: key)
            #expect(retry.body == first.body)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
        }
    }

    @Test("A body with a number beyond range in an unknown member is not a server error")
    func hugeNumber() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .post, "/calls", raw: #"{"regionCode":"35.15","channel":"voice112","x":1e400}"#)
            #expect(response.status.code < 500)
        }
    }

    @Test("A location in another region's kecamatan is refused")
    func kecamatanOutsideRegion() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "description": "x",
                    "location": ["kecamatanCode": "35.05.01", "source": "caller"],
                ])
            #expect(response.status == .badRequest)
            #expect(response["errors.0.field"] as? String == "location.kecamatanCode")
        }
    }
}

extension TestApp {
    /// `count` prank calls from `number`, a minute apart.
    func pranks(_ count: Int, from number: String) async throws {
        for _ in 0..<count {
            try await send(
                .post, "/calls",
                json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": number, "disposition": "prank"])
            clock.advance(by: 60)
        }
    }
}
