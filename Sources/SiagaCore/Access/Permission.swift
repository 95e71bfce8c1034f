/// Something a principal may do. Every route of the API requires exactly one permission; the resource it touches
/// is then checked by ``AccessPolicy``.
public enum Permission: String, Codable, Sendable, CaseIterable, Comparable {
    /// Read incidents, their timelines, routing proposals and attachments.
    case incidentRead = "incident.read"
    /// Open an incident.
    case incidentCreate = "incident.create"
    /// Classify, locate, note, forward, re-route, cancel a dispatch, resolve or cancel an incident.
    case incidentUpdate = "incident.update"
    /// Close a resolved incident after verification, or reopen one.
    case incidentSupervise = "incident.supervise"
    /// Acknowledge, assign a unit, report progress, complete or decline a dispatch.
    case dispatchUpdate = "dispatch.update"
    /// Add a photo or document to an incident.
    case incidentAttach = "incident.attach"
    /// See a caller's number in full when reading an incident (otherwise it is masked).
    case callerNumberRead = "caller.read"
    /// Reveal a caller's number to call back, for an agency working the incident; every reveal is audited.
    case callerNumberReveal = "caller.reveal"
    /// Read calls and callers' histories, numbers in full: grant it only to whoever handles calls.
    case callRead = "call.read"
    /// Record calls, dispositions and call-back attempts.
    case callWrite = "call.write"
    /// Deliver Advanced Mobile Location messages.
    case amlSubmit = "aml.submit"
    /// Read received AML messages, with their senders' numbers.
    case amlRead = "aml.read"
    /// Report a unit's status and position, and read its task.
    case unitReport = "unit.report"
    /// Read regions, categories, agencies, units, posts, the matrix, and look up places.
    case referenceRead = "reference.read"
    /// Change a region's settings, categories, agencies and responsibility matrix.
    case regionConfigure = "region.configure"
    /// Add a region, import one, or export its bundle.
    case regionAdminister = "region.administer"
    /// Read reports: matrix deviations, response times, rankings.
    case reportRead = "report.read"
    /// Add, change and disable users; revoke their sessions.
    case userManage = "user.manage"
    /// Create and revoke API tokens.
    case tokenManage = "token.manage"
    /// Read and export the audit log.
    case auditRead = "audit.read"
    /// Define shifts, keep the roster and hand a shift over.
    case shiftManage = "shift.manage"
    /// Read shifts, the roster and who is on duty.
    case shiftRead = "shift.read"
    /// Write the shift's handover (serah terima) and acknowledge the one received.
    case shiftHandover = "shift.handover"
    /// Mark oneself on or off duty (piket) for one's agency.
    case agencyDuty = "agency.duty"
    /// Scrape the server's Prometheus metrics.
    case metricsRead = "metrics.read"
    /// Issue, update and cancel a region's public warnings (CAP): a supervisor, or an operator of the region's BPBD.
    case warningIssue = "warning.issue"
    /// Hand in a warning feed's document (BMKG's quakes) as fetched: a relay's duty, or an administrator's by hand.
    case warningSubmit = "warning.submit"
    /// Hand in a neighbouring 112 center's handover request, its answer or its withdrawal: the duty of the token a
    /// region gives each neighbouring deployment.
    case transferSubmit = "transfer.submit"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What each role may do, before the resource is considered.
    public static func granted(to role: Role) -> Set<Permission> {
        switch role {
        case .callTaker: commandCenter
        case .supervisor:
            commandCenter.union([.incidentSupervise, .reportRead, .shiftManage, .shiftHandover, .warningIssue])
        case .agencyOperator:
            [
                .incidentRead, .dispatchUpdate, .incidentAttach, .callerNumberReveal, .unitReport, .referenceRead,
                .shiftRead, .agencyDuty, .warningIssue,
            ]
        case .fieldOfficer: [.incidentRead, .incidentAttach, .unitReport, .referenceRead]
        case .leader: [.incidentRead, .reportRead, .referenceRead, .shiftRead]
        case .admin:
            [
                .referenceRead, .regionConfigure, .regionAdminister, .reportRead, .userManage, .tokenManage, .auditRead,
                .shiftManage, .shiftRead, .metricsRead, .warningSubmit,
            ]
        case .integration: grantableToTokens
        }
    }

    private static let commandCenter: Set<Permission> = [
        .incidentRead, .incidentCreate, .incidentUpdate, .dispatchUpdate, .incidentAttach, .callerNumberRead,
        .callRead, .callWrite, .amlRead, .unitReport, .referenceRead, .shiftRead,
    ]

    /// The delivery duties integrations exist for, which no person's role holds: a PBX records calls, an SMS
    /// gateway delivers AML positions, a tracker reports its unit, a relay hands in BMKG's feeds. An admin may put them on a token.
    public static let integrationDuties: Set<Permission> = [
        .callWrite, .amlSubmit, .unitReport, .warningSubmit, .transferSubmit,
    ]

    /// What `creator` may put on a token it makes over the API: what it may do itself, and the integration
    /// duties; never more. A token that reads incidents, calls or callers' numbers for an integration is made on
    /// the server (`siaga token create`) by whoever runs it, who holds the database anyway.
    public static func delegable(by creator: Principal) -> Set<Permission> {
        grantableToTokens.intersection(creator.permissions.union(integrationDuties))
    }

    /// What an API token may be given: work an integration does, never the administration of people or settings.
    public static let grantableToTokens: Set<Permission> = [
        .incidentRead, .incidentCreate, .incidentUpdate, .dispatchUpdate, .incidentAttach, .callerNumberRead,
        .callRead, .callWrite, .amlSubmit, .amlRead, .unitReport, .referenceRead, .metricsRead, .warningSubmit,
        .transferSubmit,
    ]
}
