import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("AML from the SMS gateway")
struct AMLAPITests {
    /// An AML SMS fixed 30 s before t0 in Waru, with a correct length field.
    static func aml(top: String = "20261123025930") -> String {
        let body = "A\"ML=1;lt=-7.35439;lg=+112.76646;rd=12;top=\(top);lc=68;pm=G;mcc=510;mnc=10;ml="
        var length = body.count + 2
        if String(length).count == 3 { length += 1 }
        return body + String(length)
    }

    @Test("A position arriving during the call is attached to it, and to its incident that had no coordinate")
    func attachedToCallAndIncident() async throws {
        try await TestApp.run { app in
            // given an incident opened from a call, located only by words
            let opened = try await app.openIncident()
            let callID = try #require((opened["incident.callIds"] as? [String])?.first)
            let incidentID = try #require(opened["incident.id"] as? String)
            // when
            let response = try await app.send(
                .post, "/aml", json: ["message": Self.aml(), "sender": "081234567890"], as: .smsGateway)
            // then
            #expect(response.status == .created, "\(response.text)")
            #expect(response["status"] as? String == "attached")
            #expect(response["callId"] as? String == callID)
            let call = try await app.send(.get, "/calls/\(callID)")
            #expect(call["location.source"] as? String == "aml")
            #expect(call["location.accuracyMeters"] as? Double == 12)
            let incident = try await app.send(.get, "/incidents/\(incidentID)")
            #expect(incident["location.latitude"] as? Double == -7.35439)
            #expect(incident["location.source"] as? String == "aml")
        }
    }

    @Test("A position that arrives before the call is held and attached when the call is recorded")
    func heldUntilTheCall() async throws {
        try await TestApp.run { app in
            let held = try await app.send(
                .post, "/aml", json: ["message": Self.aml(), "sender": "+62 812 9999 0000"], as: .smsGateway)
            #expect(held["status"] as? String == "held")
            app.clock.advance(by: 20)
            let call = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081299990000"])
            #expect(call["call.location.latitude"] as? Double == -7.35439)
            let attached = try await app.send(.get, "/aml?status=attached")
            #expect((attached["items"] as? [Any])?.count == 1)
        }
    }

    @Test("A stale or malformed message is rejected with its reason, and still recorded")
    func rejectedButRecorded() async throws {
        try await TestApp.run { app in
            let stale = try await app.send(
                .post, "/aml", json: ["message": Self.aml(top: "20261123010000"), "sender": "081234567890"],
                as: .smsGateway)
            let junk = try await app.send(
                .post, "/aml", json: ["message": "A\"ML=1;lt=;;", "sender": "081234567890"], as: .smsGateway)
            let badSender = try await app.send(
                .post, "/aml", json: ["message": Self.aml(), "sender": "bukan nomor"], as: .smsGateway)
            #expect(stale.status == .unprocessableContent)
            #expect(stale["reason"] as? String == "stale")
            #expect(junk.status == .unprocessableContent)
            #expect(badSender.status == .badRequest)
            let recorded = try await app.send(.get, "/aml?status=rejected")
            #expect((recorded["items"] as? [Any])?.count == 2)
        }
    }
}

@Suite("AML and earlier calls")
struct AMLEarlierCallTests {
    @Test("A position is not attached to an earlier call that ended minutes ago; it waits for the new one")
    func notToAnEndedCall() async throws {
        try await TestApp.run { app in
            let earlier = try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234567890",
                    "disposition": "information",
                ])
            app.clock.advance(by: 600)
            let response = try await app.send(
                .post, "/aml", json: ["message": AMLAPITests.aml(top: "20261123030930"), "sender": "081234567890"],
                as: .smsGateway)
            #expect(response["status"] as? String == "held")
            let old = try await app.send(.get, "/calls/\(try #require(earlier["call.id"] as? String))")
            #expect(old["location"] == nil)
        }
    }
}

@Suite("AML retries")
struct AMLRetryTests {
    @Test("A gateway that sends the same message twice gets the same answer, and it is recorded once")
    func retried() async throws {
        try await TestApp.run { app in
            let callID = try await app.answeredCall()
            let first = try await app.send(
                .post, "/aml", json: ["message": AMLAPITests.aml(), "sender": "081234567890"], as: .smsGateway)
            let again = try await app.send(
                .post, "/aml", json: ["message": AMLAPITests.aml(), "sender": "081234567890"], as: .smsGateway)
            #expect(first["callId"] as? String == callID)
            #expect(again["callId"] as? String == callID)
            let recorded = try await app.send(.get, "/aml")
            #expect((recorded["items"] as? [Any])?.count == 1)
            let timeline = try await app.send(.get, "/calls/\(callID)")
            #expect(timeline["version"] as? Int == 3)
        }
    }

    @Test("The HTTPS variant attaches the handset's position to its call like the SMS does")
    func httpsVariant() async throws {
        try await TestApp.run { app in
            let call = try await app.answeredCall(number: "081234567890")
            let form =
                "v=3&device_number=%2B6281234567890&location_latitude=-7.35439&location_longitude=112.76646"
                + "&location_time=1795402770000&location_accuracy=12&location_source=gps&location_confidence=68"
            let sent = try await app.send(
                .post, "/aml/https", bytes: Array(form.utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"], as: .smsGateway)
            #expect(sent.status == .created, "\(sent.text)")
            #expect(sent["status"] as? String == "attached")
            #expect(sent["callId"] as? String == call)
            let noNumber = try await app.send(
                .post, "/aml/https", bytes: Array("v=3&location_latitude=1".utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"], as: .smsGateway)
            #expect(noNumber.status == .badRequest)
            #expect(noNumber["errors.0.field"] as? String == "device_number")
        }
    }
}
