/// A step of one agency's dispatch.
public enum DispatchCommand: Hashable, Sendable {
    /// The agency has it. `acknowledgedBy` and `channel` are given when the call taker records it on the agency's
    /// behalf (phone, radio, WhatsApp).
    case acknowledge(acknowledgedBy: String?, channel: ForwardingChannel?)
    case assignUnit(UnitID)
    case markEnRoute(UnitID?)
    case markOnScene(UnitID?)
    case complete(DispatchOutcome)
    case decline(reason: String)
    case reroute(to: AgencyID, reason: String)
    case cancel(reason: String)

    public var action: DispatchAction {
        switch self {
        case .acknowledge: .acknowledge
        case .assignUnit: .assignUnit
        case .markEnRoute: .markEnRoute
        case .markOnScene: .markOnScene
        case .complete: .complete
        case .decline: .decline
        case .reroute: .reroute
        case .cancel: .cancel
        }
    }
}

/// The agencies the responsibility matrix proposes for an incident, and the matrix version that proposed them.
public struct RoutingProposal: Hashable, Codable, Sendable {
    public var primary: AgencyID?
    public var supporting: [AgencyID]
    public var matrixVersion: Int?
    /// True when no row matched and the proposal is the region's fallback (the supervisor decides).
    public var isFallback: Bool

    public init(primary: AgencyID?, supporting: [AgencyID], matrixVersion: Int?, isFallback: Bool = false) {
        self.primary = primary
        self.supporting = supporting
        self.matrixVersion = matrixVersion
        self.isFallback = isFallback
    }

    /// The proposal without agencies outside `agencies` (deactivated since the matrix was saved); a proposal left
    /// with nobody becomes the fallback's.
    public func restricted(to agencies: Set<AgencyID>) -> RoutingProposal {
        RoutingProposal(
            primary: primary.flatMap { agencies.contains($0) ? $0 : nil },
            supporting: supporting.filter(agencies.contains),
            matrixVersion: matrixVersion, isFallback: isFallback)
    }

    /// Primary first, then supporting, without repeats.
    public var agencies: [AgencyID] {
        var seen: Set<AgencyID> = []
        return ([primary].compactMap { $0 } + supporting).filter { seen.insert($0).inserted }
    }
}
