public import Foundation

/// A warning, breach or escalation recorded on an incident's timeline for one of its clocks.
public struct ResponseMark: Hashable, Codable, Sendable {
    public var interval: ResponseInterval
    public var agencyID: AgencyID?
    /// When the timed step started.
    public var startedAt: Date
    public var stage: ResponseStage
    /// The target in force, in seconds.
    public var targetSeconds: Int
    /// The moment the stage fell due.
    public var dueAt: Date
    public var policyVersion: Int

    public init(
        clock: ResponseClock.Key, stage: ResponseStage, targetSeconds: Int, dueAt: Date, policyVersion: Int
    ) {
        self.interval = clock.interval
        self.agencyID = clock.agencyID
        self.startedAt = clock.startedAt
        self.stage = stage
        self.targetSeconds = targetSeconds
        self.dueAt = dueAt
        self.policyVersion = policyVersion
    }

    public var clock: ResponseClock.Key { .init(interval, agencyID: agencyID, startedAt: startedAt) }

    /// The timeline event that records this mark.
    public var event: IncidentEvent {
        switch stage {
        case .warning: .responseWarning(self)
        case .breach: .responseBreached(self)
        case .supervisor, .agencyHead, .leadership: .escalated(self)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case interval
        case agencyID = "agencyId"
        case startedAt, stage, targetSeconds, dueAt, policyVersion
    }
}

extension IncidentEvent {
    /// A warning, breach or escalation: the SLA engine's record, not a change anyone made to the incident.
    public var isResponseMark: Bool {
        switch self {
        case .responseWarning, .responseBreached, .escalated: true
        default: false
        }
    }
}

extension ResponsePolicyVersion {
    /// The versions in force at some moment of `start..<end`, oldest first: the one in force at `start` (the
    /// defaults when none was saved by then) and each saved during the period. `saved` in any order.
    public static func inForce(
        from start: Date, to end: Date, saved: [ResponsePolicyVersion], region: RegionCode
    ) -> [ResponsePolicyVersion] {
        let ordered = saved.sorted { $0.version < $1.version }
        let atStart = ordered.last { $0.at <= start } ?? .defaults(for: region)
        return [atStart] + ordered.filter { $0.at > start && $0.at < end }
    }
}

/// A region's response policy as stored: the version that marks and measured intervals cite.
public struct ResponsePolicyVersion: Hashable, Sendable {
    public var regionCode: RegionCode
    public var version: Int
    public var policy: ResponsePolicy
    public var author: Actor
    public var at: Date
    public var reason: String

    public init(
        regionCode: RegionCode, version: Int, policy: ResponsePolicy, author: Actor, at: Date, reason: String
    ) {
        self.regionCode = regionCode
        self.version = version
        self.policy = policy
        self.author = author
        self.at = at
        self.reason = reason
    }

    /// The built-in defaults, in force until a region saves its own (version 0).
    public static func defaults(for region: RegionCode) -> Self {
        .init(
            regionCode: region, version: 0, policy: .defaults, author: .system("defaults"),
            at: Date(timeIntervalSince1970: 0), reason: "default")
    }
}
