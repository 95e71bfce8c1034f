public import Foundation
public import SiagaCore

/// An incident played through ``IncidentLifecycle``, command by command, the way the server would: every event
/// comes from `create`/`decide` and is folded with `evolve`, so a scenario is always a valid history.
///
/// Each command happens `after` seconds past the previous one, starting at the creation time.
public struct IncidentScenario: Sendable {
    public let rules: IncidentRules
    /// The projection after every event so far.
    public private(set) var incident: Incident
    /// Every event so far, in order, with when and by whom it happened.
    public private(set) var history: [(IncidentEvent, EventMetadata)]
    /// The time of the latest event.
    public private(set) var now: Date

    /// Opens an incident with `command`. The number defaults to sequence 7 of `now`'s local day in the region.
    public init(
        _ command: CreateIncident,
        id: IncidentID = IncidentID("incident-1"),
        number: IncidentNumber? = nil,
        rules: IncidentRules = .demo,
        by actor: Actor = .callTaker,
        at now: Date = .t0
    ) throws(TransitionError) {
        let number = number ?? IncidentNumber(region: command.regionCode, day: Self.localDay(now, command), sequence: 7)
        let events = try IncidentLifecycle.create(command, id: id, number: number, rules: rules)
        let metadata = EventMetadata(at: now, actor: actor)
        guard case .created(let created) = events.first else {
            preconditionFailure("IncidentLifecycle.create must start with a created event, got \(events)")
        }
        self.rules = rules
        self.now = now
        self.incident = Incident(created: created, regionCode: command.regionCode, metadata: metadata)
        self.history = [(events[0], metadata)]
        for event in events.dropFirst() { apply(event, metadata) }
    }

    /// The events so far, without their metadata.
    public var events: [IncidentEvent] { history.map(\.0) }

    /// Decides `command` on the current incident and applies the events it produces, `seconds` after the
    /// previous event. On a rejected command nothing changes, not even the time.
    @discardableResult
    public mutating func run(
        _ command: IncidentCommand,
        by actor: Actor = .callTaker,
        after seconds: TimeInterval = 60
    ) throws(TransitionError) -> [IncidentEvent] {
        let events = try IncidentLifecycle.decide(command, on: incident, rules: rules)
        now.addTimeInterval(seconds)
        let metadata = EventMetadata(at: now, actor: actor)
        for event in events { apply(event, metadata) }
        return events
    }

    /// Lets `seconds` pass and records what the SLA engine would at that moment: the warnings, breaches and
    /// escalations ``ResponseWatch`` finds due under `policy`.
    @discardableResult
    public mutating func watch(
        after seconds: TimeInterval, policy: ResponsePolicyVersion? = nil
    ) -> [IncidentEvent] {
        now.addTimeInterval(seconds)
        let policy = policy ?? .defaults(for: incident.regionCode)
        let events = ResponseWatch.due(incident, policy: policy, now: now)
        let metadata = EventMetadata(at: now, actor: .system("sla"))
        for event in events { apply(event, metadata) }
        return events
    }

    /// Records a step Siaga112 reports by itself without a command (a notice sent, failed, a phone task),
    /// `seconds` after the previous event.
    public mutating func report(
        _ event: IncidentEvent, by actor: Actor = .system("notice"), after seconds: TimeInterval = 5
    ) {
        now.addTimeInterval(seconds)
        apply(event, EventMetadata(at: now, actor: actor))
    }

    private mutating func apply(_ event: IncidentEvent, _ metadata: EventMetadata) {
        incident.evolve(event, metadata)
        history.append((event, metadata))
    }

    private static func localDay(_ instant: Date, _ command: CreateIncident) -> LocalDay {
        guard let zone = IndonesianTimeZone.forProvince(command.regionCode.provinceCode) else {
            preconditionFailure("no time zone for region \(command.regionCode)")
        }
        return LocalDay(instant, in: zone)
    }
}
