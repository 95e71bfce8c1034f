import Foundation
import SiagaCore

/// What the switch sends over its event API (JSON, one message per netstring): a call to decide, with the
/// suspended SIP transaction to resume; a step of a call; a phone's registration; or the end of a replay of
/// unacknowledged steps.
enum SwitchInbound: Hashable, Sendable {
    case offer(SwitchTransaction, SwitchEvent)
    case event(SwitchEvent)
    case registration(PhoneReport)
    case replayed(source: String, count: Int)

    /// Reads one message; anything it cannot trust is refused with the reason, to be logged and counted.
    static func parse(_ bytes: [UInt8]) throws(SwitchMessageRejection) -> SwitchInbound {
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: Data(bytes)) else {
            throw SwitchMessageRejection("not a JSON object of the event API")
        }
        if let offer = envelope.offer {
            guard let index = envelope.tindex, let label = envelope.tlabel, index >= 0, label >= 0 else {
                throw SwitchMessageRejection("an offer without its transaction")
            }
            let event = try offer.validated()
            guard event.step == .offered else { throw SwitchMessageRejection("an offer that is another step") }
            return .offer(SwitchTransaction(index: index, label: label), event)
        }
        guard let wire = try? decoder.decode(EventWire.self, from: Data(bytes)) else {
            throw SwitchMessageRejection("fields of the wrong type")
        }
        if wire.event == "replayed" {
            guard let source = wire.source, SwitchEvent.isSourceShaped(source), let count = wire.count, count >= 0
            else { throw SwitchMessageRejection("a replay's end without its source and count") }
            return .replayed(source: source, count: count)
        }
        if wire.event == "registration" { return .registration(try wire.registration()) }
        return .event(try wire.validated())
    }

    private struct Envelope: Decodable {
        var tindex: Int?
        var tlabel: Int?
        var offer: EventWire?
    }
}

/// A numbered report from the switch, recorded in the switch's order and acknowledged by its number: a step of a
/// call, or a phone's registration.
enum SwitchReport: Hashable, Sendable {
    case call(SwitchEvent)
    case phone(PhoneReport)

    var source: String {
        switch self {
        case .call(let event): event.source
        case .phone(let report): report.source
        }
    }

    var sequence: Int {
        switch self {
        case .call(let event): event.sequence
        case .phone(let report): report.sequence
        }
    }
}

/// The SIP transaction the switch suspended while Siaga112 decides.
struct SwitchTransaction: Hashable, Sendable {
    var index: Int
    var label: Int
}

/// A message from the switch that was not taken in, and why.
struct SwitchMessageRejection: Error, Hashable, CustomStringConvertible {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}

/// One step as the switch writes it; every member is checked before it becomes a ``SwitchEvent``.
private struct EventWire: Decodable {
    var v: Int?
    var event: String?
    var source: String?
    var seq: Int?
    var callId: String?
    var trunk: String?
    var region: String?
    var caller: String?
    var at: String?
    var phone: String?
    var fallback: Bool?
    var status: Int?
    var reason: String?
    var by: String?
    var count: Int?
    var contacts: Int?
    var until: Int?

    /// Instants a switch may report, in seconds since 1970, up to the year 2199: later is a broken clock or a forged
    /// message, and beyond what the store's millisecond columns hold.
    static let plausibleSeconds: ClosedRange<Double> = 0.001...7_258_118_400

    /// What every numbered report carries: the switch's run, the report's number and when the switch saw it.
    private func numbered() throws(SwitchMessageRejection) -> (source: String, sequence: Int, at: Date) {
        guard v == 1 else { throw SwitchMessageRejection("version \(v.map(String.init) ?? "missing"), not 1") }
        guard let source, SwitchEvent.isSourceShaped(source) else { throw SwitchMessageRejection("no source") }
        guard let seq, seq >= 1 else { throw SwitchMessageRejection("no sequence number") }
        guard let seconds = at.flatMap(Double.init), Self.plausibleSeconds.contains(seconds) else {
            throw SwitchMessageRejection("no time, or a time after 2199")
        }
        return (source, seq, Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000))
    }

    func registration() throws(SwitchMessageRejection) -> PhoneReport {
        let header = try numbered()
        guard let phone = phone.flatMap(PhoneName.init) else { throw SwitchMessageRejection("no phone") }
        guard let contacts, (0...1000).contains(contacts), let until,
            until == 0 || Self.plausibleSeconds.contains(Double(until))
        else {
            throw SwitchMessageRejection("a registration without its contacts and expiry")
        }
        let registration = PhoneRegistration(
            phone: phone, contacts: contacts,
            until: contacts > 0 && until > 0 ? Date(timeIntervalSince1970: Double(until)) : nil, at: header.at)
        return PhoneReport(source: header.source, sequence: header.sequence, registration: registration)
    }

    func validated() throws(SwitchMessageRejection) -> SwitchEvent {
        let header = try numbered()
        guard let callID = callId.flatMap(SIPCallID.init) else { throw SwitchMessageRejection("no Call-ID") }
        var trunk: Trunk?
        switch (self.trunk, region) {
        case (nil, nil): trunk = nil
        case (let name?, let code?):
            guard Self.isToken(name), let region = RegionCode(code), region.level == .kabupaten else {
                throw SwitchMessageRejection("a trunk that is not a name and a region code")
            }
            trunk = Trunk(name: name, region: region)
        default: throw SwitchMessageRejection("a trunk without its region, or a region without its trunk")
        }
        return SwitchEvent(
            source: header.source, sequence: header.sequence, callID: callID, at: header.at, trunk: trunk,
            // A number the network sent garbled is no number: the call still counts.
            caller: caller.flatMap(PhoneNumber.init), step: try step())
    }

    private func step() throws(SwitchMessageRejection) -> SwitchEvent.Step {
        func phoneName() throws(SwitchMessageRejection) -> PhoneName {
            guard let name = phone.flatMap(PhoneName.init) else { throw SwitchMessageRejection("no phone") }
            return name
        }
        switch event {
        case "offer": return .offered
        case "ringing": return .ringing(phone: try phoneName())
        case "answered": return .answered(phone: try phoneName(), fallback: fallback ?? false)
        case "abandoned": return .abandoned
        case "unanswered":
            guard let status, (300...699).contains(status) else { throw SwitchMessageRejection("no SIP status") }
            return .unanswered(status: status)
        case "fallback":
            guard let reason = reason.flatMap(CallAlarm.Reason.init(rawValue:)), reason != .notPutThrough else {
                throw SwitchMessageRejection("a fallback without a known reason")
            }
            return .fallback(reason)
        case "failed":
            guard let reason, Self.isToken(reason) else { throw SwitchMessageRejection("a failure without reason") }
            return .failed(reason: reason)
        case "ended":
            guard let side = by.flatMap(SwitchEvent.CallSide.init(rawValue:)) else {
                throw SwitchMessageRejection("an end without who hung up")
            }
            return .ended(by: side)
        default:
            throw SwitchMessageRejection("unknown step '\(String((event ?? "").prefix(32)))'")
        }
    }

    static func isToken(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.unicodeScalars.allSatisfy {
                ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                    || "._-".unicodeScalars.contains($0)
            }
    }
}

extension SwitchEvent {
    /// A switch run's id: 1 to 64 visible ASCII characters.
    static func isSourceShaped(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x21...0x7e).contains($0) }
    }

    /// The step's name as the switch says it, for the log of steps taken in.
    var stepName: String {
        switch step {
        case .offered: "offer"
        case .ringing: "ringing"
        case .answered: "answered"
        case .abandoned: "abandoned"
        case .unanswered: "unanswered"
        case .fallback: "fallback"
        case .failed: "failed"
        case .ended: "ended"
        }
    }
}

/// What Siaga112 sends the switch.
enum SwitchOutbound {
    /// Which phones ring for the suspended call, or that the fallback group rings and why.
    static func decision(_ decision: RingDecision, for transaction: SwitchTransaction) -> [UInt8] {
        var message: [String: Any] = ["tindex": transaction.index, "tlabel": transaction.label]
        switch decision {
        case .ring(let phones):
            message["decision"] = "ring"
            message["phones"] = phones.map(\.rawValue)
        case .fallback(let reason):
            message["decision"] = "fallback"
            message["reason"] = reason.rawValue
        }
        return frame(message)
    }

    /// The switch may forget the step: it is recorded.
    static func acknowledge(source: String, sequence: Int) -> [UInt8] {
        frame(["ack": sequence, "source": source])
    }

    /// Asks for every step not acknowledged yet, sent on each connection.
    static let replay = frame(["replay": true])

    private static func frame(_ object: [String: Any]) -> [UInt8] {
        // Only strings, numbers and arrays of strings from above: serialisation cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Netstring.encode(Array(data))
    }
}
