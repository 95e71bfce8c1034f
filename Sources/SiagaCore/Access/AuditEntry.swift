public import Foundation

/// What an audit entry records. Timelines already trace the work on incidents and calls; the audit log traces
/// access and administration: who signed in, who changed whom, which settings changed, whose number was revealed.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case loginSucceeded = "login.succeeded"
    case loginFailed = "login.failed"
    /// A sign-in refused without checking the password because of too many failures.
    case loginThrottled = "login.throttled"
    case logout = "logout"
    case sessionRevoked = "session.revoked"
    case userCreated = "user.created"
    case userChanged = "user.changed"
    case userDisabled = "user.disabled"
    case userEnabled = "user.enabled"
    case passwordReset = "password.reset"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    /// An API token was used: one entry when it is first used after a quiet quarter hour, so a busy PBX leaves a
    /// trace of every stretch of use without an entry per request.
    case tokenUsed = "token.used"
    case regionCreated = "region.created"
    case regionImported = "region.imported"
    case regionChanged = "region.changed"
    case regionExported = "region.exported"
    case categoriesChanged = "categories.changed"
    case matrixChanged = "matrix.changed"
    case responsePolicyChanged = "response-policy.changed"
    case agencyCreated = "agency.created"
    case agencyChanged = "agency.changed"
    case callerNumberRevealed = "caller.revealed"
    case shiftsChanged = "shifts.changed"
    case rosterChanged = "roster.changed"
    case landmarksChanged = "landmarks.changed"
    /// A region's quake thresholds, agreed with its BPBD.
    case quakeThresholdsChanged = "quake-thresholds.changed"
    /// A CAP warning issued or updated, and one cancelled.
    case capIssued = "cap.issued"
    case capCancelled = "cap.cancelled"
    case auditExported = "audit.exported"
    case reportExported = "report.exported"
    case noticeLadderChanged = "notice-ladder.changed"
    case unitCreated = "unit.created"
    case unitChanged = "unit.changed"
    case unitRetired = "unit.retired"
    case poskoCreated = "posko.created"
    case poskoChanged = "posko.changed"
    case poskoRetired = "posko.retired"
    /// An agency's notice recipients were shown unmasked.
    case noticeRecipientsRevealed = "notice-recipients.revealed"
    /// An acknowledgement from a message was refused (forged, expired, reused, another agency's).
    case noticeAcknowledgementRefused = "notice-ack.refused"
}

/// One line of the append-only audit log: who did what, to what, when, and from where.
public struct AuditEntry: Hashable, Sendable {
    /// Assigned by the store; strictly increasing.
    public var id: Int64?
    public var at: Date
    public var actor: Actor
    public var action: AuditAction
    /// What was acted on: a username, token id, incident number, region code.
    public var target: String?
    /// The region the entry concerns, so a region's admin reads its own entries.
    public var region: RegionCode?
    /// The client's address as the server saw it.
    public var address: String?
    /// Further facts, e.g. the changed fields or the reason given; never a password or a secret.
    public var detail: [String: String]

    public init(
        id: Int64? = nil, at: Date, actor: Actor, action: AuditAction, target: String? = nil,
        region: RegionCode? = nil, address: String? = nil, detail: [String: String] = [:]
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.region = region
        self.address = address
        self.detail = detail
    }
}
