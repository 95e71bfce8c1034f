public import Foundation

/// A step of a 112 call as the telephone switch (kamailio, or a region's own PBX through its adapter) reports it.
/// Each event is numbered within one run of the switch (`source`, `sequence`), so a repeat is recognised and a
/// queue replayed after an outage records nothing twice.
public struct SwitchEvent: Hashable, Sendable {
    /// One run of the switch; its events are numbered from 1.
    public var source: String
    public var sequence: Int
    /// The SIP Call-ID: the same for every step of one call.
    public var callID: SIPCallID
    /// When the switch saw it.
    public var at: Date
    /// The trunk the call came in on; every step of a call from a trunk carries it except the hang-up, which the
    /// switch sees inside the dialog.
    public var trunk: Trunk?
    /// The caller's number; absent when the network sent none (112 works without a SIM card).
    public var caller: PhoneNumber?
    public var step: Step

    public init(
        source: String, sequence: Int, callID: SIPCallID, at: Date, trunk: Trunk?, caller: PhoneNumber?, step: Step
    ) {
        self.source = source
        self.sequence = sequence
        self.callID = callID
        self.at = at
        self.trunk = trunk
        self.caller = caller
        self.step = step
    }

    /// What happened.
    public enum Step: Hashable, Sendable {
        /// A call arrived on a trunk; the switch asks which phones to ring.
        case offered
        /// One phone is ringing.
        case ringing(phone: PhoneName)
        /// A phone picked up: the first to do so has the call, the others stopped ringing.
        case answered(phone: PhoneName, fallback: Bool)
        /// The caller hung up before anyone answered.
        case abandoned
        /// Nobody picked up within the ringing time (`status` is the SIP code the ringing ended with).
        case unanswered(status: Int)
        /// The fallback group rings, and why (the switch never says `notPutThrough` here).
        case fallback(CallAlarm.Reason)
        /// The call could not be put through to anyone.
        case failed(reason: String)
        /// The call ended, hung up by the caller or the call taker's phone.
        case ended(by: CallSide)
    }

    /// Who hung up.
    public enum CallSide: String, Hashable, Sendable, CaseIterable, ClosedValueSet {
        case caller
        case phone
    }
}

/// A trunk: the operator's SIP connection that brings a region's 112 calls.
public struct Trunk: Hashable, Sendable {
    /// The operator's name as the switch knows it (`telkomsel`, `indosat`, `pstn`).
    public var name: String
    public var region: RegionCode

    public init(name: String, region: RegionCode) {
        self.name = name
        self.region = region
    }
}

/// A SIP Call-ID: up to 256 visible ASCII characters.
public struct SIPCallID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        guard (1...256).contains(text.utf8.count), text.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            return nil
        }
        rawValue = text
    }

    public var description: String { rawValue }
}

/// A phone's name as it registers with the switch (its SIP user): letters, digits, `.`, `_` and `-`.
public struct PhoneName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        let allowed = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        guard allowed, (1...64).contains(text.count) else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
