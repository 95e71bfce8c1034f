public import Foundation

extension UnitStatus {
    /// A unit's status while it works a dispatch in `status`; terminal dispatches free the unit.
    public static func following(_ status: DispatchStatus) -> UnitStatus {
        switch status {
        case .notified, .acknowledged, .unitAssigned: .assigned
        case .enRoute: .enRoute
        case .onScene: .onScene
        case .completed, .declined, .rerouted, .cancelled: .available
        }
    }
}

/// What happens to a reported unit position.
public enum PositionDecision: Hashable, Sendable {
    case accepted
    /// Older than (or as old as) the last known position: ignored, as phones deliver late.
    case stale
    /// Sooner than ``ResponseUnit/minimumPositionInterval`` after the last one: refused, so a phone stuck in a loop
    /// cannot flood the server.
    case tooSoon(retryAfter: TimeInterval)
}

extension ResponseUnit {
    /// Positions closer together than this are not stored.
    public static let minimumPositionInterval: TimeInterval = 5

    /// Whether `position` replaces the unit's last one.
    public func decide(_ position: UnitPosition) -> PositionDecision {
        guard let last = lastPosition else { return .accepted }
        guard position.at > last.at else { return .stale }
        let gap = position.at.timeIntervalSince(last.at)
        return gap < Self.minimumPositionInterval ? .tooSoon(retryAfter: Self.minimumPositionInterval - gap) : .accepted
    }

    /// Where the unit is best known to be: its last position, else its home post.
    public func whereabouts(posts: [PoskoID: Posko]) -> Coordinate? {
        lastPosition?.coordinate ?? homePost.flatMap { posts[$0]?.coordinate }
    }

    /// The agency's units that can be sent, nearest first to `point` by their last position or home post (units
    /// with neither last).
    public static func suggestions(
        _ units: [ResponseUnit], of agency: AgencyID, near point: Coordinate?, posts: [PoskoID: Posko] = [:]
    ) -> [ResponseUnit] {
        let candidates = units.filter { $0.agencyID == agency && $0.status == .available }
        guard let point else { return candidates }
        func distance(_ unit: ResponseUnit) -> Double {
            unit.whereabouts(posts: posts).map { $0.distance(to: point) } ?? .infinity
        }
        return candidates.sorted { (distance($0), $0.callsign) < (distance($1), $1.callsign) }
    }
}
