import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// The call-event contract a region's own PBX adapter posts: the same steps kamailio sends, over HTTP.
@Suite("Telephony API: a PBX adapter's call steps")
struct TelephonyAPITests {
    func step(_ event: String, _ seq: Int, _ fields: [String: Any] = [:], trunk: Bool = true) -> [String: Any] {
        var body: [String: Any] = [
            "v": 1, "source": "pbx-1", "seq": seq, "callId": "a84b4c76e66710@pbx", "at": "1796645321.130",
            "event": event,
        ]
        if trunk { body.merge(["trunk": "telkomsel", "region": "35.15", "caller": "081234567890"]) { $1 } }
        return body.merging(fields) { $1 }
    }

    @Test("A PBX's offer records a ringing call once; its answer is the call taker's whose phone picked up")
    func stepsBecomeTheCall() async throws {
        try await TestApp.run(as: .smsGateway) { app in
            // given
            try await app.send(.get, "/session", as: .callTakerAtPhone)

            // when
            let offered = try await app.send(.post, "/telephony/events", json: step("offer", 1))
            let again = try await app.send(.post, "/telephony/events", json: step("offer", 1))
            let answered = try await app.send(
                .post, "/telephony/events", json: step("answered", 2, ["phone": "meja1"]))

            // then
            #expect(offered.status == .ok)
            #expect(offered["outcome"] as? String == "recorded")
            #expect(offered["created"] as? Bool == true)
            #expect(again["outcome"] as? String == "repeated")
            #expect(answered["outcome"] as? String == "recorded")
            let call = try await app.send(.get, "/calls/\(offered["callId"] as? String ?? "")", as: .supervisor)
            #expect(call["status"] as? String == "active")
            #expect(call["callTaker"] as? String == "petugas:uji.operator.meja1")
            #expect(call["trunk"] as? String == "telkomsel")
        }
    }

    @Test("Which phones ring: the signed-in call taker's; with nobody signed in, the fallback and why")
    func decisions() async throws {
        try await TestApp.run(as: .smsGateway) { app in
            // when
            let nobody = try await app.send(.post, "/telephony/decisions", json: step("offer", 1))
            try await app.send(.get, "/session", as: .callTakerAtPhone)
            let someone = try await app.send(.post, "/telephony/decisions", json: step("offer", 1))
            let notAnOffer = try await app.send(.post, "/telephony/decisions", json: step("abandoned", 2))

            // then
            #expect(nobody["decision"] as? String == "fallback")
            #expect(nobody["reason"] as? String == "nobodyOnDuty")
            #expect(someone["decision"] as? String == "ring")
            #expect(someone["phones"] as? [String] == ["meja1"])
            #expect(notAnOffer.status == .badRequest)
        }
    }

    @Test("A step that cannot be read is 400 with its reason; a hang-up of an unknown call is 422")
    func badStepsAreRefused() async throws {
        try await TestApp.run(as: .smsGateway) { app in
            // when
            let garbage = try await app.send(.post, "/telephony/events", raw: "{\"v\":1,")
            let badPhone = try await app.send(
                .post, "/telephony/events", json: step("ringing", 3, ["phone": "op 1"]))
            let unknown = try await app.send(
                .post, "/telephony/events", json: step("ended", 4, ["by": "caller"], trunk: false))

            // then
            #expect(garbage.status == .badRequest)
            #expect(garbage["type"] as? String == "urn:siaga112:problem:switch-step-invalid")
            #expect(badPhone.status == .badRequest)
            #expect(badPhone["reason"] as? String == "no phone")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown["reason"] as? String == "unknownCall")
        }
    }

    @Test("Another region's calls are refused to a call taker, before anything is recorded")
    func anotherRegionIsForbidden() async throws {
        try await TestApp.run(as: .blitarCallTaker) { app in
            let response = try await app.send(.post, "/telephony/events", json: step("offer", 1))
            #expect(response.status == .forbidden)
            let calls = try await app.send(.get, "/calls?region=35.15", as: .supervisor)
            #expect((calls["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("A trunk that brings calls every day at this hour and brought none for an hour is reported silent")
    func silentTrunkIsReported() async throws {
        try await TestApp.run(as: .smsGateway) { app in
            // given six calls an hour at this time of day through the past week, on Telkomsel
            let now = app.clock.nowFunction().timeIntervalSince1970
            var seq = 0
            for days in 1...7 {
                for index in 0..<6 {
                    seq += 1
                    let at = now - Double(days) * 86_400 - Double(index + 1) * 500
                    try await app.send(
                        .post, "/telephony/events",
                        json: step("offer", seq, ["callId": "call-\(seq)@pbx", "at": String(format: "%.3f", at)]))
                }
            }

            // when
            let trunks = try await app.send(.get, "/regions/35.15/trunks", as: .supervisorSidoarjo)
            let elsewhere = try await app.send(.get, "/regions/35.15/trunks", as: .blitarCallTaker)

            // then
            #expect(trunks.status == .ok)
            #expect(trunks["silenceMinutes"] as? Int == 60)
            #expect(trunks["items.0.trunk"] as? String == "telkomsel")
            #expect(trunks["items.0.silent"] as? Bool == true)
            #expect(trunks["items.0.expectedInWindow"] as? Double == 6)
            #expect(elsewhere.status == .forbidden)

            // and a region that watches a shorter window (one call in ten minutes is usual here) is not alarmed
            let changed = try await app.send(
                .patch, "/regions/35.15", json: ["policy": ["trunkSilenceMinutes": 10]], as: .sidoarjoAdmin)
            let region = try await app.send(.get, "/regions/35.15", as: .supervisorSidoarjo)
            let tolerant = try await app.send(.get, "/regions/35.15/trunks", as: .supervisorSidoarjo)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(region["policy.trunkSilenceMinutes"] as? Int == 10)
            #expect(tolerant["items.0.silent"] as? Bool == false)
        }
    }

    @Test("The supervisor sees each phone: registered until when, whose, signed in, and on which call")
    func phonesAreShown() async throws {
        try await TestApp.run(as: .supervisorSidoarjo) { app in
            // given meja1's call taker signed in and the switch reporting the phone registered for an hour
            try await app.send(.get, "/session", as: .callTakerAtPhone)
            let now = app.clock.nowFunction()
            let telephony = TelephonyService(
                dependencies: Dependencies(store: app.database.store, now: app.clock.nowFunction, auth: TestApp.auth))
            let registration = PhoneRegistration(
                phone: PhoneName("meja1")!, contacts: 1, until: now.addingTimeInterval(3600), at: now)
            try await app.database.store.perform(
                telephony.record(PhoneReport(source: "run-1", sequence: 1, registration: registration)))
            var stale = registration
            stale.contacts = 0
            stale.at = now.addingTimeInterval(-60)
            try await app.database.store.perform(
                telephony.record(PhoneReport(source: "run-1", sequence: 2, registration: stale)))

            // when
            let phones = try await app.send(.get, "/regions/35.15/phones")
            let elsewhere = try await app.send(.get, "/regions/35.15/phones", as: .blitarCallTaker)

            // then: the older report, replayed late, does not undo the newer one
            #expect(phones.status == .ok)
            #expect(phones["items.0.phone"] as? String == "meja1")
            #expect(phones["items.0.registered"] as? Bool == true)
            #expect(phones["items.0.people.0.username"] as? String == "uji.operator.meja1")
            #expect(phones["items.0.people.0.signedIn"] as? Bool == true)
            #expect(elsewhere.status == .forbidden)
        }
    }
}
