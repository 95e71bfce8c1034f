public import Foundation
public import SiagaCore

extension Call {
    /// The states a fixture call can start from, each reached through the lifecycle.
    public enum FixtureState: Hashable, Sendable {
        /// Ringing; nobody has answered.
        case ringing
        /// Answered by the call taker 5 s after it rang; no disposition yet.
        case active
        /// Answered, given `disposition` (linked to `incident` if given) a minute later, then hung up normally.
        case ended(CallDisposition, incident: IncidentID? = nil)
        /// Rang for 20 s and dropped before anyone answered: disposition `abandoned` and, with a caller number,
        /// a call-back task.
        case abandoned
        /// Answered, then the line dropped 40 s later with no disposition: a call-back task, with a caller number.
        case dropped
    }

    /// A call in `state`, built only by running the lifecycle. Traps if the lifecycle rejects the story
    /// (for example `.ended(.emergency)` without an incident).
    public static func fixture(
        _ state: FixtureState = .ringing,
        id: CallID = CallID("call-1"),
        from callerNumber: PhoneNumber? = .demoCaller,
        in region: Region = .sidoarjo,
        channel: CallChannel = .voice112,
        at ringAt: Date = .t0
    ) -> Call {
        CallScenario.fixture(state, id: id, from: callerNumber, in: region, channel: channel, at: ringAt).call
    }
}

extension CallScenario {
    /// The scenario behind ``Call/fixture(_:id:from:in:channel:at:)``.
    public static func fixture(
        _ state: Call.FixtureState = .ringing,
        id: CallID = CallID("call-1"),
        from callerNumber: PhoneNumber? = .demoCaller,
        in region: Region = .sidoarjo,
        channel: CallChannel = .voice112,
        at ringAt: Date = .t0
    ) -> CallScenario {
        let ring = ReceiveCall(regionCode: region.code, channel: channel, callerNumber: callerNumber)
        var scenario = CallScenario(ring, id: id, at: ringAt)
        do {
            for (command, actor, after) in state.steps {
                try scenario.run(command, by: actor, after: after)
            }
        } catch {
            preconditionFailure("the lifecycle rejected the \(state) call fixture: \(error)")
        }
        return scenario
    }
}

extension Call.FixtureState {
    fileprivate var steps: [(CallCommand, Actor, TimeInterval)] {
        switch self {
        case .ringing:
            []
        case .active:
            [(.answer, .callTaker, 5)]
        case .ended(let disposition, let incident):
            Self.active.steps + [
                (.dispose(disposition, incidentID: incident, note: nil), .callTaker, 60),
                (.end(dropped: false), .callTaker, 30),
            ]
        case .abandoned:
            [(.end(dropped: true), .telephony, 20)]
        case .dropped:
            Self.active.steps + [(.end(dropped: true), .telephony, 40)]
        }
    }
}

extension PhoneNumber {
    /// The demo caller's mobile number, +62 812-3456-7890.
    public static let demoCaller = demo("+6281234567890")

    private static func demo(_ text: String) -> PhoneNumber {
        guard let number = PhoneNumber(text) else { preconditionFailure("not a phone number: \(text)") }
        return number
    }
}
