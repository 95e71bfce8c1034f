public import Foundation

/// A team or vehicle of an agency.
public struct ResponseUnit: Hashable, Codable, Sendable, Identifiable {
    public var id: UnitID
    public var agencyID: AgencyID
    /// What it is called on the radio, e.g. `DAMKAR-WARU-1`.
    public var callsign: String
    /// What kind of unit: `pemadam`, `ambulans`, `rescue`, `patroli`…
    public var kind: String
    public var status: UnitStatus
    public var lastPosition: UnitPosition?
    /// Where the unit waits when it has no task.
    public var homePost: PoskoID?
    /// When the unit was taken out of the fleet for good; it keeps its history but is no longer listed or sent.
    public var retiredAt: Date?

    public init(
        id: UnitID, agencyID: AgencyID, callsign: String, kind: String, status: UnitStatus = .available,
        lastPosition: UnitPosition? = nil, homePost: PoskoID? = nil
    ) {
        self.id = id
        self.agencyID = agencyID
        self.callsign = callsign
        self.kind = kind
        self.status = status
        self.lastPosition = lastPosition
        self.homePost = homePost
    }
}

extension ResponseUnit {
    /// Whether the unit is out on a task (assigned, en route or on scene).
    public var isOnTask: Bool { [.assigned, .enRoute, .onScene].contains(status) }

    /// Field errors for a callsign or kind that cannot be used.
    public func problems() -> [FieldError] {
        var errors = TextRules.problems(callsign, field: "callsign", max: 40)
        if !CSV.isCode(kind) { errors.append(FieldError("kind", .invalidFormat)) }
        return errors
    }
}

/// A unit's availability.
public enum UnitStatus: String, Codable, Sendable, CaseIterable {
    case available
    case assigned
    case enRoute
    case onScene
    case outOfService
}

/// Where a unit was, when, and how sure.
public struct UnitPosition: Hashable, Codable, Sendable {
    public var coordinate: Coordinate
    public var at: Date
    public var accuracyMeters: Double?

    public init(coordinate: Coordinate, at: Date, accuracyMeters: Double? = nil) {
        self.coordinate = coordinate
        self.at = at
        self.accuracyMeters = accuracyMeters
    }
}
