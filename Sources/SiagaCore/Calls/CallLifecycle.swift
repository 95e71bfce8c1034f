public import Foundation

/// What a person, telephony or integration asks to do to a call.
public enum CallCommand: Hashable, Sendable {
    case answer
    case dispose(CallDisposition, incidentID: IncidentID?, note: String?)
    case end(dropped: Bool)
    case attemptCallback(CallbackTask.Outcome, note: String?)
    /// Record where the caller is; accepted in any state (AML often arrives after the call ended).
    case locate(Location)
    /// Record that the call could not reach a call taker the normal way; accepted in any state (the switch may
    /// report it after the fact).
    case alarm(CallAlarm.Reason)

    public var action: CallAction {
        switch self {
        case .answer: .answer
        case .dispose: .dispose
        case .end: .end
        case .attemptCallback: .attemptCallback
        case .locate: .locate
        case .alarm: .alarm
        }
    }
}

/// A new contact arriving.
public struct ReceiveCall: Hashable, Sendable {
    public var regionCode: RegionCode
    public var channel: CallChannel
    public var callerNumber: PhoneNumber?
    /// When it started ringing, if telephony knows; otherwise the time it was recorded.
    public var ringAt: Date?
    /// The operator's trunk, for a call the switch reported.
    public var trunk: String?

    public init(
        regionCode: RegionCode, channel: CallChannel, callerNumber: PhoneNumber?, ringAt: Date? = nil,
        trunk: String? = nil
    ) {
        self.trunk = trunk
        self.regionCode = regionCode
        self.channel = channel
        self.callerNumber = callerNumber
        self.ringAt = ringAt
    }
}

/// The call state machine: ringing → active (answered) → ended, with a disposition recorded at any point after
/// answer (or `abandoned` when nobody answered), and call-back tasks for calls that dropped.
public enum CallLifecycle {
    /// How long after a drop a call back is due. Call-processing standards ask for a prompt call back of
    /// abandoned calls; one minute leaves time to finish the call at hand.
    public static let callbackDelay: TimeInterval = 60

    public static func receive(_ command: ReceiveCall, id: CallID, now: Date) -> [CallEvent] {
        [
            .received(
                .init(
                    id: id, regionCode: command.regionCode, channel: command.channel,
                    callerNumber: command.callerNumber, ringAt: command.ringAt ?? now, trunk: command.trunk))
        ]
    }

    /// The events `command` produces on `call` at `now`.
    public static func decide(_ command: CallCommand, on call: Call, now: Date) throws(TransitionError) -> [CallEvent] {
        switch command {
        case .answer:
            guard call.status == .ringing, call.disposition != .abandoned else {
                throw .callActionNotAllowed(.answer, status: call.status)
            }
            return [.answered]
        case .dispose(let disposition, let incidentID, let note):
            try checkDisposition(disposition, incidentID, on: call)
            guard disposition != call.disposition || incidentID != call.incidentID || note != call.note else {
                throw .dispositionUnchanged
            }
            return [.dispositioned(.init(disposition: disposition, incidentID: incidentID, note: note))]
        case .end(let dropped):
            guard call.status != .ended else { throw .callActionNotAllowed(.end, status: call.status) }
            return ending(call, dropped: dropped, now: now)
        case .attemptCallback(let outcome, let note):
            guard call.callback?.isOpen == true else { throw .noOpenCallback }
            return [.callbackAttempted(.init(outcome: outcome, note: note))]
        case .locate(let location):
            return [.located(location)]
        case .alarm(let reason):
            return [.alarmed(CallAlarm(reason: reason))]
        }
    }

    private static func checkDisposition(
        _ disposition: CallDisposition,
        _ incidentID: IncidentID?,
        on call: Call
    ) throws(TransitionError) {
        if disposition == .abandoned {
            guard call.answeredAt == nil else { throw .abandonedAfterAnswer }
        } else {
            guard call.answeredAt != nil else { throw .callActionNotAllowed(.dispose, status: call.status) }
        }
        if disposition.requiresIncident, incidentID == nil { throw .incidentRequiredForEmergency }
        if !disposition.mayLinkIncident, incidentID != nil { throw .incidentNotAllowed(disposition) }
        // A call on an incident's timeline stays there: correcting it means cancelling the incident instead.
        if let linked = call.incidentID, incidentID != linked { throw .callLinkedToIncident(linked) }
    }

    private static func ending(_ call: Call, dropped: Bool, now: Date) -> [CallEvent] {
        var events: [CallEvent] = []
        let reason: CallbackTask.Reason?
        if call.answeredAt == nil {
            if call.disposition == nil {
                events.append(.dispositioned(.init(disposition: .abandoned, incidentID: nil, note: nil)))
            }
            reason = .abandoned
        } else if dropped, call.disposition == nil || call.disposition == .emergency {
            // An emergency, or a call not yet known to be none, that dropped: a real one must never be missed.
            reason = .dropped
        } else {
            reason = nil
        }
        events.append(.ended(.init(dropped: dropped || call.answeredAt == nil)))
        if let reason, call.callerNumber != nil, call.callback == nil {
            events.append(.callbackScheduled(.init(reason: reason, dueAt: now.addingTimeInterval(callbackDelay))))
        }
        return events
    }
}

extension Call {
    /// The call a `received` event starts. Version 1.
    public init(received: CallEvent.Received) {
        self.init(
            id: received.id, regionCode: received.regionCode, channel: received.channel,
            callerNumber: received.callerNumber, ringAt: received.ringAt, dropped: false, trunk: received.trunk,
            version: 1)
    }

    /// Applies one event that ``CallLifecycle`` decided.
    public mutating func evolve(_ event: CallEvent, _ metadata: EventMetadata) {
        switch event {
        case .received:
            preconditionFailure("a call is received once; \(id) already exists")
        case .answered:
            answeredAt = metadata.at
            callTaker = metadata.actor
        case .dispositioned(let dispositioned):
            disposition = dispositioned.disposition
            incidentID = dispositioned.incidentID
            note = dispositioned.note
        case .ended(let ended):
            endedAt = metadata.at
            dropped = ended.dropped
        case .callbackScheduled(let scheduled):
            callback = CallbackTask(
                reason: scheduled.reason, createdAt: metadata.at, dueAt: scheduled.dueAt, attempts: [])
        case .located(let location):
            self.location = location
        case .alarmed(let alarm):
            self.alarm = alarm.reason
        case .callbackAttempted(let attempt):
            callback?.attempts.append(
                .init(at: metadata.at, by: metadata.actor, outcome: attempt.outcome, note: attempt.note))
        }
        version += 1
    }
}
