import Foundation

/// What each step the switch reports means for the call it belongs to. Pure, so a step repeated or replayed out
/// of order after an outage changes nothing it already changed: every command is asked only where the call's
/// state still allows it.
public enum SwitchCall {
    /// The call a switch's first report of `event` starts (usually its `offered`, but after an outage any step of
    /// a call Siaga112 has not seen yet). `nil` for a step of a call that did not come from a trunk.
    public static func receive(_ event: SwitchEvent) -> ReceiveCall? {
        guard let trunk = event.trunk else { return nil }
        return ReceiveCall(
            regionCode: trunk.region, channel: .voice112, callerNumber: event.caller, ringAt: event.at,
            trunk: trunk.name)
    }

    /// The commands `step` makes on `call`, in order; empty when the call already shows it.
    public static func commands(for step: SwitchEvent.Step, on call: Call) -> [CallCommand] {
        switch step {
        case .offered, .ringing:
            return []
        case .answered:
            return call.status == .ringing ? [.answer] : []
        case .abandoned:
            return call.status == .ended ? [] : [.end(dropped: true)]
        case .unanswered:
            return call.alarm == .unanswered || call.status != .ringing ? [] : [.alarm(.unanswered)]
        case .fallback(let reason):
            // The fallback group ringing after the call takers' phones rang out is the unanswered alarm itself.
            guard reason != .unanswered, call.alarm != reason else { return [] }
            return [.alarm(reason)]
        case .failed:
            let alarm: [CallCommand] = call.alarm == .notPutThrough ? [] : [.alarm(.notPutThrough)]
            return alarm + (call.status == .ended ? [] : [.end(dropped: true)])
        case .ended:
            return call.status == .ended ? [] : [.end(dropped: false)]
        }
    }
}

/// Which phones ring for a 112 call: those of the region's call takers who are signed in, preferring those the
/// roster puts on this shift. Nobody signed in with a phone: the fallback group, with the alarm that says why.
public enum RingDecision: Hashable, Sendable {
    case ring([PhoneName])
    case fallback(CallAlarm.Reason)

    /// A call taker signed in now, with the phone they answer on.
    public struct Candidate: Hashable, Sendable {
        public var username: String
        public var phone: PhoneName

        public init(username: String, phone: PhoneName) {
            self.username = username
            self.phone = phone
        }
    }

    /// `signedIn` are the region's call takers with a phone and a live session; `rostered` the usernames on the
    /// current shift's roster (empty when the region keeps none). Rostered call takers ring; when none of them is
    /// signed in, everyone signed in rings, since a real emergency must never wait for the roster.
    public static func decide(signedIn: [Candidate], rostered: Set<String>) -> RingDecision {
        let onShift = signedIn.filter { rostered.contains($0.username) }
        let chosen = onShift.isEmpty ? signedIn : onShift
        let phones = Set(chosen.map(\.phone)).sorted()
        return phones.isEmpty ? .fallback(.nobodyOnDuty) : .ring(phones)
    }
}
