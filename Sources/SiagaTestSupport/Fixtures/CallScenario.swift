public import Foundation
public import SiagaCore

/// A call played through ``CallLifecycle``, command by command: every event comes from `receive`/`decide` and is
/// folded with `evolve`, so a scenario is always a valid history.
public struct CallScenario: Sendable {
    /// The projection after every event so far.
    public private(set) var call: Call
    /// Every event so far, in order, with when and by whom it happened.
    public private(set) var history: [(CallEvent, EventMetadata)]
    /// The time of the latest event.
    public private(set) var now: Date

    /// A call that starts ringing at `now`, reported by `actor` (the PBX unless told otherwise).
    public init(_ command: ReceiveCall, id: CallID = CallID("call-1"), by actor: Actor = .telephony, at now: Date = .t0)
    {
        let events = CallLifecycle.receive(command, id: id, now: now)
        guard case .received(let received) = events.first, events.count == 1 else {
            preconditionFailure("CallLifecycle.receive must produce one received event, got \(events)")
        }
        self.call = Call(received: received)
        self.history = [(events[0], EventMetadata(at: now, actor: actor))]
        self.now = now
    }

    /// The events so far, without their metadata.
    public var events: [CallEvent] { history.map(\.0) }

    /// Decides `command` on the current call and applies the events it produces, `seconds` after the previous
    /// event. On a rejected command nothing changes, not even the time.
    @discardableResult
    public mutating func run(
        _ command: CallCommand,
        by actor: Actor = .callTaker,
        after seconds: TimeInterval = 10
    ) throws(TransitionError) -> [CallEvent] {
        let events = try CallLifecycle.decide(command, on: call, now: now.addingTimeInterval(seconds))
        now.addTimeInterval(seconds)
        let metadata = EventMetadata(at: now, actor: actor)
        for event in events {
            call.evolve(event, metadata)
            history.append((event, metadata))
        }
        return events
    }
}
