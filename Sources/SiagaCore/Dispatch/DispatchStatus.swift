/// Where one agency stands with an incident.
public enum DispatchStatus: String, Codable, Sendable, CaseIterable {
    /// Forwarded; the agency has not acknowledged yet.
    case notified
    /// The agency has it and is acting.
    case acknowledged
    /// At least one unit is assigned.
    case unitAssigned
    /// A unit is on its way.
    case enRoute
    /// A unit is at the scene.
    case onScene
    /// The agency is done and reported its outcome.
    case completed
    /// The agency refused (not its task, no unit); the supervisor re-routes.
    case declined
    /// Handed to another agency.
    case rerouted
    /// Withdrawn (the incident was cancelled, or the agency is no longer needed).
    case cancelled

    /// Terminal dispatches take no more steps and do not keep an incident open.
    public var isTerminal: Bool { self == .completed || self == .declined || self == .rerouted || self == .cancelled }

    /// The dispatch state machine's transition table.
    public func allows(_ action: DispatchAction) -> Bool { nextActions.contains(action) }

    /// The actions this status allows, in the order a console offers them.
    public var nextActions: [DispatchAction] {
        switch self {
        case .notified: [.acknowledge, .decline, .reroute, .cancel]
        case .acknowledged: [.assignUnit, .complete, .decline, .reroute, .cancel]
        case .unitAssigned: [.markEnRoute, .assignUnit, .cancel]
        case .enRoute: [.markOnScene, .assignUnit, .cancel]
        case .onScene: [.complete, .assignUnit, .cancel]
        case .declined: [.reroute]
        case .completed, .rerouted, .cancelled: []
        }
    }
}

/// Every step an agency (or the command center on its behalf) takes on a dispatch.
public enum DispatchAction: String, Codable, Sendable, CaseIterable {
    case acknowledge
    case assignUnit
    case markEnRoute
    case markOnScene
    case complete
    case decline
    case reroute
    case cancel
}
