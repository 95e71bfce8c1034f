import Foundation
import NIOCore
import SiagaCore
import Testing

@testable import SiagaServer

@Suite("Telephony: the switch's event API on the wire")
struct SwitchMessageTests {
    /// An offer exactly as kamailio 5.6 with deploy/kamailio/kamailio.cfg sends it.
    static let offer = #"""
        {"tindex": 24313, "tlabel": 1262924959, "offer": {"v": 1, "callId": "1-21873@127.0.0.1", "trunk": "uji",
        "region": "35.15", "caller": "081234567890", "at": "1796645321.130108", "event": "offer",
        "source": "1796645313-420743-21789", "seq": 1}}
        """#

    func parse(_ text: String) throws(SwitchMessageRejection) -> SwitchInbound {
        try SwitchInbound.parse(Array(text.utf8))
    }

    func step(_ fields: String) -> String {
        #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1796645321.5","trunk":"uji","region":"35.15","#
            + fields + "}"
    }

    @Test("Netstrings are read whole, across reads and several to a read")
    func netstringsAreFramed() throws {
        // given
        var decoder = NetstringDecoder()

        // when
        decoder.append(Array("5:hello,3:a".utf8))
        let first = try decoder.next()
        let partial = try decoder.next()
        decoder.append(Array("bc,".utf8))
        let second = try decoder.next()

        // then
        #expect(first == Array("hello".utf8))
        #expect(partial == nil)
        #expect(second == Array("abc".utf8))
        #expect(try decoder.next() == nil)
        #expect(Netstring.encode(Array("abc".utf8)) == Array("3:abc,".utf8))
    }

    @Test(
        "A stream that breaks the framing cannot be read further",
        arguments: [
            ("x:abc,", NetstringDecoder.Failure.badLength), (":abc,", .badLength), ("1234567:", .badLength),
            ("99999:", .tooLong(99999)), ("3:abcX", .missingComma),
        ])
    func brokenFramingIsRefused(text: String, failure: NetstringDecoder.Failure) {
        var decoder = NetstringDecoder()
        decoder.append(Array(text.utf8))
        #expect(throws: failure) { try decoder.next() }
    }

    @Test("kamailio's offer is a call to decide, with the transaction to resume")
    func offerIsRead() throws {
        // when
        let message = try parse(Self.offer)

        // then
        guard case .offer(let transaction, let event) = message else {
            Issue.record("not an offer: \(message)")
            return
        }
        #expect(transaction == SwitchTransaction(index: 24313, label: 1_262_924_959))
        #expect(event.step == .offered)
        #expect(event.sequence == 1)
        #expect(event.source == "1796645313-420743-21789")
        #expect(event.callID.rawValue == "1-21873@127.0.0.1")
        #expect(event.trunk == Trunk(name: "uji", region: RegionCode("35.15")!))
        #expect(event.caller == PhoneNumber("+6281234567890"))
        #expect(event.at == Date(timeIntervalSince1970: 1_796_645_321.130))
    }

    @Test("Each step is read with what it needs")
    func stepsAreRead() throws {
        #expect(
            try parse(step(#""event":"ringing","phone":"op1""#)) == .event(event(.ringing(phone: PhoneName("op1")!))))
        #expect(
            try parse(step(#""event":"answered","phone":"meja-2","fallback":true"#))
                == .event(event(.answered(phone: PhoneName("meja-2")!, fallback: true))))
        #expect(try parse(step(#""event":"fallback","reason":"noDecider""#)) == .event(event(.fallback(.noDecider))))
        #expect(try parse(step(#""event":"unanswered","status":408"#)) == .event(event(.unanswered(status: 408))))
        let hangUp =
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1796645321.5","event":"ended","by":"phone"}"#
        guard case .event(let ended) = try parse(hangUp) else { throw SwitchMessageRejection("not an event") }
        #expect(ended.step == .ended(by: .phone))
        #expect(ended.trunk == nil)
        #expect(
            try parse(#"{"v":1,"event":"replayed","source":"run-1","count":3}"#) == .replayed(source: "run-1", count: 3)
        )
    }

    @Test("A phone's registration is read with its contacts and expiry; none registered has no expiry")
    func registrationIsRead() throws {
        // when
        let registered = try parse(
            #"{"v":1,"event":"registration","phone":"op9","contacts":1,"until":1796651802,"at":"1796648202.409529","source":"run-1","seq":4}"#
        )
        let gone = try parse(
            #"{"v":1,"event":"registration","phone":"op9","contacts":0,"until":0,"at":"1796648300.5","source":"run-1","seq":5}"#
        )

        // then
        guard case .registration(let report) = registered, case .registration(let none) = gone else {
            throw SwitchMessageRejection("not a registration")
        }
        #expect(report.sequence == 4)
        #expect(report.registration.phone == PhoneName("op9"))
        #expect(report.registration.until == Date(timeIntervalSince1970: 1_796_651_802))
        #expect(report.registration.isRegistered(at: Date(timeIntervalSince1970: 1_796_651_801)))
        #expect(!report.registration.isRegistered(at: Date(timeIntervalSince1970: 1_796_651_802)))
        #expect(none.registration.until == nil)
        #expect(!none.registration.isRegistered(at: Date(timeIntervalSince1970: 1_796_648_300)))
        #expect(throws: SwitchMessageRejection.self) {
            try parse(#"{"v":1,"event":"registration","phone":"op9","at":"1.5","source":"run-1","seq":6}"#)
        }
    }

    @Test("A garbled caller number is no number: the call still counts")
    func garbledCallerIsNoNumber() throws {
        guard case .event(let event) = try parse(step(#""event":"abandoned","caller":"<script>""#)) else {
            throw SwitchMessageRejection("not an event")
        }
        #expect(event.caller == nil)
        #expect(event.step == .abandoned)
    }

    @Test(
        "Anything the switch sends that cannot be trusted is refused with a reason, never a crash",
        arguments: [
            "", "null", "[1,2]", "{", #"{"v":2,"event":"abandoned"}"#, "\u{0}\u{1}",
            #"{"tindex":1,"offer":{}}"#,
            #"{"v":1,"source":"run-1","seq":0,"callId":"abc@host","at":"1.5","event":"abandoned"}"#,
            #"{"v":1,"source":"run-1","seq":"7","callId":"abc@host","at":"1.5","event":"abandoned"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"has space","at":"1.5","event":"abandoned"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"soon","event":"abandoned"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"29074717120859554.25","event":"failed","trunk":"uji","region":"35.15"}"#,
            #"{"v":1,"event":"registration","phone":"op9","contacts":1,"until":9223372036854775807,"at":"1.5","source":"run-1","seq":6}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"abandoned","trunk":"uji"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"abandoned","trunk":"uji","region":"35"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"exploded"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"ringing","phone":"op 1"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"fallback","reason":"notPutThrough"}"#,
            #"{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"ended","by":"martian"}"#,
            #"{"tindex":1,"tlabel":2,"offer":{"v":1,"source":"run-1","seq":7,"callId":"abc@host","at":"1.5","event":"abandoned"}}"#,
        ])
    func untrustedMessagesAreRefused(text: String) {
        #expect(throws: SwitchMessageRejection.self) { try parse(text) }
    }

    @Test("Siaga112 answers with the phones to ring, or the fallback and why, and acknowledges by run and number")
    func outboundMessages() throws {
        let transaction = SwitchTransaction(index: 5, label: 9)
        #expect(
            String(
                decoding: SwitchOutbound.decision(.ring([PhoneName("op1")!, PhoneName("op2")!]), for: transaction),
                as: UTF8.self)
                == #"64:{"decision":"ring","phones":["op1","op2"],"tindex":5,"tlabel":9},"#)
        #expect(
            String(decoding: SwitchOutbound.decision(.fallback(.nobodyOnDuty), for: transaction), as: UTF8.self)
                == #"69:{"decision":"fallback","reason":"nobodyOnDuty","tindex":5,"tlabel":9},"#)
        #expect(
            String(decoding: SwitchOutbound.acknowledge(source: "run-1", sequence: 7), as: UTF8.self)
                == #"26:{"ack":7,"source":"run-1"},"#)
    }

    @Test("Steps replayed after an outage are recorded in the switch's order; later ones follow at once")
    func replayIsOrdered() throws {
        // given
        var reader = SwitchReader()
        let steps = [3, 1, 2].map { sequence in
            var step = event(.abandoned)
            step.sequence = sequence
            return step
        }

        // when
        let during = steps.flatMap { reader.order(.call($0)) }
        let atTheEnd = reader.endReplay()
        var live = event(.abandoned)
        live.sequence = 4

        // then
        #expect(during.isEmpty)
        #expect(atTheEnd.map(\.sequence) == [1, 2, 3])
        #expect(reader.order(.call(live)).map(\.sequence) == [4])
    }

    func event(_ step: SwitchEvent.Step) -> SwitchEvent {
        SwitchEvent(
            source: "run-1", sequence: 7, callID: SIPCallID("abc@host")!,
            at: Date(timeIntervalSince1970: 1_796_645_321.5),
            trunk: Trunk(name: "uji", region: RegionCode("35.15")!), caller: nil, step: step)
    }
}
