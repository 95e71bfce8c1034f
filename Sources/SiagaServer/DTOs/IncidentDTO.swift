import Foundation
import SiagaCore
import SiagaStore

/// An incident on the wire.
struct IncidentDTO: Encodable, Sendable {

    var id: String
    var number: String
    var regionCode: String
    var status: IncidentStatus
    var category: String?
    var subcategory: String?
    var priority: Priority
    var priorityIsManual: Bool
    var location: LocationDTO?
    var description: String
    /// In full for the command center; its last four digits only for agencies and leaders.
    var callerNumber: String?
    /// True when `callerNumber` is masked; an agency working the incident may reveal it.
    var callerNumberMasked: Bool?
    var callerName: String?
    var callIds: [String]
    /// When the first linked call was answered: call processing is timed from it.
    var callAnsweredAt: Date?
    var dispatches: [DispatchDTO]
    /// An agency declined and nobody else is on the incident: the supervisor must re-route it.
    var needsRerouting: Bool
    /// The SLA engine's warnings, breaches and escalations, in order.
    var responseMarks: [ResponseMark]
    /// Each step still running with its deadlines under the region's policy: a console counts down to them.
    var deadlines: [DeadlineDTO]
    var noteCount: Int
    var attachments: [Attachment]
    /// Present when a system opened the incident (a BMKG quake): `verifiedAt` stays absent until a call taker
    /// verifies it, and nobody can forward it before.
    var verification: VerificationDTO?
    /// Handovers offered to neighbouring 112 centers, in order; the console tells the call taker to phone when one
    /// is `unanswered`.
    var transfers: [IncidentTransfer]
    /// Present when a neighbouring center handed the incident over: its region, center and number.
    var transferredFrom: TransferOrigin?
    var resolution: String?
    var cancellationReason: String?
    var createdAt: Date
    var createdBy: String
    var updatedAt: Date
    var resolvedAt: Date?
    var closedAt: Date?
    var version: Int

    init(_ incident: Incident, callers: CallerView, policy: ResponsePolicy) {
        id = incident.id.rawValue
        number = incident.number.description
        regionCode = incident.regionCode.rawValue
        status = incident.status
        category = incident.classification?.category
        subcategory = incident.classification?.subcategory
        priority = incident.priority
        priorityIsManual = incident.priorityIsManual
        location = incident.location.map(LocationDTO.init)
        description = incident.description
        switch (incident.callerNumber, callers) {
        case (let number?, .masked):
            callerNumber = number.masked
            callerNumberMasked = true
        case (let number, _): callerNumber = number?.rawValue
        }
        callerName = incident.callerName
        callIds = incident.callIDs.map(\.rawValue)
        callAnsweredAt = incident.callAnsweredAt
        dispatches = incident.dispatches.map(DispatchDTO.init)
        needsRerouting = incident.needsRerouting
        responseMarks = incident.responseMarks
        deadlines = incident.runningDeadlines(under: policy).map(DeadlineDTO.init)
        noteCount = incident.noteCount
        attachments = incident.attachments
        verification = incident.verification.map(VerificationDTO.init)
        transfers = incident.transfers
        transferredFrom = incident.transferredFrom
        resolution = incident.resolution
        cancellationReason = incident.cancellationReason
        createdAt = incident.createdAt
        createdBy = incident.createdBy.description
        updatedAt = incident.updatedAt
        resolvedAt = incident.resolvedAt
        closedAt = incident.closedAt
        version = incident.version
    }
}

/// A running step's deadlines: the console shows `dueAt - now`, amber from `warnAt`, red from `dueAt` or once
/// `breached`.
struct DeadlineDTO: Encodable, Sendable {
    var interval: ResponseInterval
    /// The agency whose dispatch the step belongs to; absent for the command center's call processing.
    var agencyId: String?
    var startedAt: Date
    var targetSeconds: Int
    var warnAt: Date
    var dueAt: Date
    var breached: Bool

    init(_ deadline: ResponseDeadline) {
        interval = deadline.clock.interval
        agencyId = deadline.clock.agencyID?.rawValue
        startedAt = deadline.clock.startedAt
        targetSeconds = deadline.targetSeconds
        warnAt = deadline.warnAt
        dueAt = deadline.dueAt
        breached = deadline.breached
    }
}

/// One timeline entry: the event's own `type` and `data` beside its id, version, time and actor.
struct EventDTO<Event: Encodable & Hashable & Sendable>: Encodable, Sendable {
    var recorded: Recorded<Event>

    init(recorded: Recorded<Event>) { self.recorded = recorded }

    private enum CodingKeys: String, CodingKey { case id, streamId, version, at, actor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recorded.id.description, forKey: .id)
        try container.encode(recorded.streamID, forKey: .streamId)
        try container.encode(recorded.version, forKey: .version)
        try container.encode(recorded.metadata.at, forKey: .at)
        try container.encode(recorded.metadata.actor.description, forKey: .actor)
        try recorded.event.encode(to: encoder)
    }
}

extension EventDTO where Event == IncidentEvent {
    /// An incident event as this viewer may see it: without the caller's number unless they see numbers.
    init(recorded: Recorded<IncidentEvent>, callers: CallerView) {
        var recorded = recorded
        if callers == .masked { recorded.event = recorded.event.withoutCallerNumber }
        self.recorded = recorded
    }
}

/// The answer to a command: the incident after it, and the events it appended.
struct IncidentChangeDTO: Encodable, Sendable {
    var incident: IncidentDTO
    var events: [EventDTO<IncidentEvent>]

    init(_ change: IncidentChange, callers: CallerView) {
        self.incident = IncidentDTO(change.after, callers: callers, policy: change.policy)
        self.events = change.events.map { EventDTO(recorded: $0, callers: callers) }
    }
}

extension StoredResponse {
    /// The answer to a command on an incident: 201 with the incident as it now is and the events recorded.
    static func changed(_ change: IncidentChange, callers: CallerView) throws -> StoredResponse {
        try storedJSON(IncidentChangeDTO(change, callers: callers), status: 201)
    }
}

extension StoreReader {
    /// The response policy in force in each region of `incidents`, to render their deadlines.
    func responsePolicies(of incidents: some Sequence<Incident>) async throws -> ResponsePolicies {
        var policies: [RegionCode: ResponsePolicy] = [:]
        for region in Set(incidents.map(\.regionCode)) {
            policies[region] = try await responsePolicy(of: region).policy
        }
        return ResponsePolicies(byRegion: policies)
    }
}

/// Regions' response policies, read once for a page of incidents.
struct ResponsePolicies: Sendable {
    var byRegion: [RegionCode: ResponsePolicy]

    /// `incident` as `callers` may see it, with its deadlines under its region's policy.
    func render(_ incident: Incident, callers: CallerView) -> IncidentDTO {
        IncidentDTO(
            incident, callers: callers, policy: byRegion[incident.regionCode] ?? ResponsePolicy.defaults)
    }
}

/// A page of incidents.
struct IncidentPageDTO: Encodable, Sendable {
    var items: [IncidentDTO]
    /// Pass as `cursor` to get the next page; absent on the last page.
    var nextCursor: String?
}

struct VerificationDTO: Encodable, Sendable {
    var request: VerificationRequest
    var pending: Bool
    var verifiedAt: Date?
    var verifiedBy: String?

    init(_ verification: Verification) {
        request = verification.request
        pending = verification.isPending
        verifiedAt = verification.verifiedAt
        verifiedBy = verification.verifiedBy?.description
    }
}
