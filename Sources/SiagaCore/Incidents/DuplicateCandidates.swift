public import Foundation

/// Finds incidents a new report may be about, so the call taker links the call instead of opening a duplicate.
public enum DuplicateCandidates {
    /// Open incidents of `category`, opened within `window` before `now`, within `radius` metres of `point`
    /// (incidents without a coordinate match by time and category alone), nearest first.
    public static func find(
        in incidents: [Incident],
        category: String,
        near point: Coordinate?,
        now: Date,
        radius: Double = 1000,
        window: TimeInterval = 2 * 3600
    ) -> [Incident] {
        func distance(_ incident: Incident) -> Double? {
            guard let point, let coordinate = incident.location?.coordinate else { return nil }
            return coordinate.distance(to: point)
        }
        return incidents.filter { incident in
            incident.status.isOpen && incident.classification?.category == category
                && now.timeIntervalSince(incident.createdAt) <= window && incident.createdAt <= now
                && (distance(incident).map { $0 <= radius } ?? true)
        }.sorted { (distance($0) ?? .infinity, $1.createdAt) < (distance($1) ?? .infinity, $0.createdAt) }
    }
}
