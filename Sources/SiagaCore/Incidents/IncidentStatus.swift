/// Where an incident stands in its life.
public enum IncidentStatus: String, Codable, Sendable, CaseIterable {
    /// Recorded by the call taker; no agency has it yet.
    case logged
    /// Forwarded to at least one agency and not yet resolved.
    case dispatched
    /// Handled; waits for the supervisor to verify and close it.
    case resolved
    /// Verified and closed. Only a reopen changes it again.
    case closed
    /// Withdrawn before it was resolved (a false report, a duplicate of another incident).
    case cancelled

    /// Open incidents are the ones the floor still has to act on.
    public var isOpen: Bool { self == .logged || self == .dispatched }

    /// The lifecycle's transition table: which actions this status allows.
    public func allows(_ action: IncidentAction) -> Bool {
        switch action {
        case .create: false
        // A caller may ring again about any incident, even a closed one: the call belongs on its timeline.
        case .addNote, .linkCall, .addAttachment: true
        // A neighbour's answer is recorded whatever became of the incident meanwhile.
        case .transferOutcome: true
        case .classify, .locate, .changePriority: self == .logged || self == .dispatched || self == .resolved
        case .dispatch, .resolve, .cancel, .forward, .transfer: isOpen
        // An incident awaits verification until it is first forwarded.
        case .verify: self == .logged
        // Only a dispatched incident has dispatches to update.
        case .updateDispatch: self == .dispatched
        case .close: self == .resolved
        // A cancelled incident can be restored: a real emergency cancelled by mistake must not be lost.
        case .reopen: self == .resolved || self == .closed || self == .cancelled
        }
    }
}

/// Every action a person or system can take on an incident; used in transition errors and the policy table.
public enum IncidentAction: String, Codable, Sendable, CaseIterable {
    case create
    case classify
    case locate
    case changePriority
    case addNote
    case linkCall
    case dispatch
    case resolve
    case close
    case reopen
    case cancel
    /// Send to the agencies the call taker chose (`teruskan`).
    case forward
    /// A step of one agency's dispatch (acknowledge, assign a unit, en route, on scene, complete, decline, re-route,
    /// cancel).
    case updateDispatch
    /// Attach a photo.
    case addAttachment
    /// Confirm an incident a system opened (a BMKG quake) before it is forwarded.
    case verify
    /// Offer the incident to a neighbouring 112 center.
    case transfer
    /// What became of that offer: the neighbour's answer, no answer in time, or the call taker taking it back.
    case transferOutcome
}
