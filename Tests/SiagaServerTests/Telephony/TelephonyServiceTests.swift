import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Telephony: deciding who rings and recording each step once")
struct TelephonyServiceTests {
    func service(_ app: TestApp) -> TelephonyService {
        TelephonyService(
            dependencies: Dependencies(
                store: app.database.store, now: app.clock.nowFunction, ids: .random, auth: TestApp.auth))
    }

    func step(
        _ step: SwitchEvent.Step, _ sequence: Int, call: String = "call-a@switch", region: String? = "35.15",
        caller: String? = "081234567890", at app: TestApp
    ) -> SwitchEvent {
        SwitchEvent(
            source: "run-1", sequence: sequence, callID: SIPCallID(call)!, at: app.clock.nowFunction(),
            trunk: region.map { Trunk(name: "telkomsel", region: RegionCode($0)!) },
            caller: caller.flatMap(PhoneNumber.init), step: step)
    }

    func record(_ event: SwitchEvent, _ app: TestApp) async throws -> TelephonyService.Outcome {
        try await app.database.store.perform(service(app).record(event))
    }

    func call(_ outcome: TelephonyService.Outcome, _ app: TestApp) async throws -> Call {
        guard case .recorded(let id, _) = outcome else { throw SwitchMessageRejection("not recorded: \(outcome)") }
        return try #require(try await app.database.store.read { try await $0.call(id) })
    }

    @Test("A call taker signed in with a phone rings; signed out, nobody does and the fallback group rings")
    func signedInCallTakersRing() async throws {
        try await TestApp.run { app in
            // given
            let offer = step(.offered, 1, at: app)
            let before = try await service(app).decide(for: offer)

            // when
            try await app.send(.get, "/session", as: .callTakerAtPhone)
            let signedIn = try await service(app).decide(for: offer)
            try await app.send(.delete, "/session", as: .callTakerAtPhone)
            let signedOut = try await service(app).decide(for: offer)

            // then
            #expect(before == .fallback(.nobodyOnDuty))
            #expect(signedIn == .ring([PhoneName("meja1")!]))
            #expect(signedOut == .fallback(.nobodyOnDuty))
        }
    }

    @Test("A call for a region this deployment does not serve goes to the fallback group")
    func unservedRegionFallsBack() async throws {
        try await TestApp.run { app in
            try await app.send(.get, "/session", as: .callTakerAtPhone)
            #expect(
                try await service(app).decide(for: step(.offered, 1, region: "36.72", at: app))
                    == .fallback(.nobodyOnDuty))
        }
    }

    @Test("The offer records a ringing 112 call with its trunk; the same step again records nothing")
    func offerIsRecordedOnce() async throws {
        try await TestApp.run { app in
            // when
            let first = try await record(step(.offered, 1, at: app), app)
            let again = try await record(step(.offered, 1, at: app), app)

            // then
            let call = try await call(first, app)
            #expect(call.status == .ringing)
            #expect(call.trunk == "telkomsel")
            #expect(call.callerNumber == PhoneNumber("+6281234567890"))
            #expect(again == .repeated)
            let calls = try await app.database.store.read {
                try await $0.calls(matching: CallQuery(regionCode: RegionCode("35.15")))
            }
            #expect(calls.count == 1)
        }
    }

    @Test("The call taker whose phone answered answers the call, in their own name")
    func answeredByThePhonesCallTaker() async throws {
        try await TestApp.run { app in
            // given
            try await app.send(.get, "/session", as: .callTakerAtPhone)
            _ = try await record(step(.offered, 1, at: app), app)
            app.clock.advance(by: 4)

            // when
            let outcome = try await record(
                step(.answered(phone: PhoneName("meja1")!, fallback: false), 2, at: app), app)

            // then
            let call = try await call(outcome, app)
            #expect(call.status == .active)
            #expect(call.callTaker == .petugas(PetugasID("uji.operator.meja1")))
            #expect(call.answeredAt == call.ringAt.addingTimeInterval(4))
        }
    }

    @Test(
        "Steps of a call Siaga112 missed the start of still make the call, and a fallback phone answers as the switch")
    func lateStepsStillMakeTheCall() async throws {
        try await TestApp.run { app in
            // when: the switch rang the fallback group while Siaga112 was away
            _ = try await record(step(.fallback(.noDecider), 2, at: app), app)
            let outcome = try await record(
                step(.answered(phone: PhoneName("kepala")!, fallback: true), 3, at: app), app)

            // then
            let call = try await call(outcome, app)
            #expect(call.alarm == .noDecider)
            #expect(call.status == .active)
            #expect(call.callTaker == TelephonyService.actor)
        }
    }

    @Test("A caller who hangs up while it rings leaves an abandoned call with a call-back task")
    func abandonedCallIsCalledBack() async throws {
        try await TestApp.run { app in
            // when
            _ = try await record(step(.offered, 1, at: app), app)
            let outcome = try await record(step(.abandoned, 2, at: app), app)

            // then
            let call = try await call(outcome, app)
            #expect(call.disposition == .abandoned)
            #expect(call.callback?.isOpen == true)
        }
    }

    @Test("A hang-up of a call never offered, and a call for a region not served here, are refused and counted")
    func unknownCallsAreRefused() async throws {
        try await TestApp.run { app in
            // when
            let hangUp = try await record(step(.ended(by: .caller), 1, call: "never@switch", region: nil, at: app), app)
            let elsewhere = try await record(step(.offered, 2, call: "cilegon@switch", region: "36.72", at: app), app)
            let retried = try await record(step(.offered, 2, call: "cilegon@switch", region: "36.72", at: app), app)

            // then
            #expect(hangUp == .refused(.unknownCall))
            #expect(elsewhere == .refused(.regionNotServed(RegionCode("36.72")!)))
            #expect(retried == .repeated)
        }
    }
}
