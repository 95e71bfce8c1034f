import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Telephony: which phones ring, and what each step of a call does")
struct SwitchCallTests {
    let sidoarjo = Trunk(name: "telkomsel", region: RegionCode("35.15")!)

    func candidate(_ username: String, _ phone: String) -> RingDecision.Candidate {
        RingDecision.Candidate(username: username, phone: PhoneName(phone)!)
    }

    func event(_ step: SwitchEvent.Step, trunk: Trunk? = nil, caller: String? = "081234567890") -> SwitchEvent {
        SwitchEvent(
            source: "run-1", sequence: 1, callID: SIPCallID("call-a@switch")!, at: .t0, trunk: trunk ?? sidoarjo,
            caller: caller.flatMap(PhoneNumber.init), step: step)
    }

    /// A call from the trunk, as the switch's offer starts it.
    func ringingCall() throws -> CallScenario {
        CallScenario(try #require(SwitchCall.receive(event(.offered))))
    }

    @Test("The call takers on the shift's roster ring, each phone once")
    func rosteredCallTakersRing() {
        // given
        let signedIn = [candidate("ayu", "op1"), candidate("budi", "op2"), candidate("citra", "op1")]

        // when
        let decision = RingDecision.decide(signedIn: signedIn, rostered: ["ayu", "citra"])

        // then
        #expect(decision == .ring([PhoneName("op1")!]))
    }

    @Test("When nobody rostered is signed in, everyone signed in rings: a real emergency never waits for the roster")
    func everyoneSignedInRingsWithoutTheRostered() {
        // when
        let decision = RingDecision.decide(
            signedIn: [candidate("budi", "op2"), candidate("ayu", "op1")], rostered: ["dewi"])

        // then
        #expect(decision == .ring([PhoneName("op1")!, PhoneName("op2")!]))
    }

    @Test("Nobody signed in with a phone: the fallback group rings, with the alarm that says why")
    func nobodyOnDutyFallsBack() {
        #expect(RingDecision.decide(signedIn: [], rostered: ["ayu"]) == .fallback(.nobodyOnDuty))
    }

    @Test("An offer starts a ringing 112 call with its trunk and caller; a call with no number still counts")
    func offerStartsTheCall() throws {
        // when
        let withNumber = try #require(SwitchCall.receive(event(.offered)))
        let withoutNumber = try #require(SwitchCall.receive(event(.offered, caller: nil)))

        // then
        #expect(withNumber.regionCode == sidoarjo.region)
        #expect(withNumber.channel == .voice112)
        #expect(withNumber.trunk == "telkomsel")
        #expect(withNumber.callerNumber == PhoneNumber("+6281234567890"))
        #expect(withNumber.ringAt == .t0)
        #expect(withoutNumber.callerNumber == nil)
    }

    @Test("A hang-up of a call that came from no trunk starts nothing")
    func stepWithoutTrunkStartsNothing() {
        var hangUp = event(.ended(by: .caller))
        hangUp.trunk = nil
        #expect(SwitchCall.receive(hangUp) == nil)
    }

    @Test("The phone that answers answers the call; answering twice changes nothing")
    func answerOnce() throws {
        // given
        var story = try ringingCall()
        let answered = SwitchEvent.Step.answered(phone: PhoneName("op1")!, fallback: false)

        // when
        let first = SwitchCall.commands(for: answered, on: story.call)
        for command in first { try story.run(command) }

        // then
        #expect(first == [.answer])
        #expect(SwitchCall.commands(for: answered, on: story.call).isEmpty)
    }

    @Test("A caller who hangs up before anyone answers leaves an abandoned call and a call-back task")
    func abandonedCallGetsACallBack() throws {
        // given
        var story = try ringingCall()

        // when
        for command in SwitchCall.commands(for: .abandoned, on: story.call) { try story.run(command) }

        // then
        #expect(story.call.disposition == .abandoned)
        #expect(story.call.status == .ended)
        #expect(story.call.callback?.reason == .abandoned)
        #expect(SwitchCall.commands(for: .abandoned, on: story.call).isEmpty)
    }

    @Test("Every fallback raises its alarm once; ringing out is the unanswered alarm, not a second one")
    func fallbackRaisesItsAlarmOnce() throws {
        // given
        var story = try ringingCall()

        // when
        for command in SwitchCall.commands(for: .fallback(.decisionTimeout), on: story.call) { try story.run(command) }
        let again = SwitchCall.commands(for: .fallback(.decisionTimeout), on: story.call)
        for command in SwitchCall.commands(for: .unanswered(status: 408), on: story.call) { try story.run(command) }
        let afterRingingOut = SwitchCall.commands(for: .fallback(.unanswered), on: story.call)

        // then
        #expect(again.isEmpty)
        #expect(afterRingingOut.isEmpty)
        #expect(story.call.alarm == .unanswered)
        #expect(story.call.status == .ringing)
    }

    @Test("A call nobody could take is alarmed, ended and called back")
    func callNotPutThroughIsCalledBack() throws {
        // given
        var story = try ringingCall()

        // when
        for command in SwitchCall.commands(for: .failed(reason: "fallbackUnanswered"), on: story.call) {
            try story.run(command)
        }

        // then
        #expect(story.call.alarm == .notPutThrough)
        #expect(story.call.status == .ended)
        #expect(story.call.callback?.reason == .abandoned)
    }

    @Test("A hang-up ends an answered call, not dropped; a second report of it changes nothing")
    func hangUpEndsTheCall() throws {
        // given
        var story = try ringingCall()
        try story.run(.answer)

        // when
        for command in SwitchCall.commands(for: .ended(by: .caller), on: story.call) { try story.run(command) }

        // then
        #expect(story.call.status == .ended)
        #expect(!story.call.dropped)
        #expect(story.call.callback == nil)
        #expect(SwitchCall.commands(for: .ended(by: .phone), on: story.call).isEmpty)
    }

    @Test("Call-IDs and phone names hold only what SIP and the switch allow")
    func identifiersAreChecked() {
        #expect(SIPCallID("a84b4c76e66710@pc33.atlanta.com") != nil)
        #expect(SIPCallID("") == nil)
        #expect(SIPCallID("with space") == nil)
        #expect(SIPCallID(String(repeating: "x", count: 257)) == nil)
        #expect(PhoneName("op-1.meja_2") != nil)
        #expect(PhoneName("op1@evil") == nil)
        #expect(PhoneName("") == nil)
    }
}
