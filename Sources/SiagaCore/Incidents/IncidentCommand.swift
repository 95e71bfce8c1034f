public import Foundation

/// What a person or integration asks to do to an existing incident. Validated input: free text is trimmed and
/// within limits before a command exists (see the server's request types).
public enum IncidentCommand: Hashable, Sendable {
    case classify(Classification, priority: Priority?)
    case locate(Location)
    case changePriority(Priority, reason: String?)
    case addNote(String)
    case linkCall(CallID, callerNumber: PhoneNumber?, answeredAt: Date? = nil)
    case dispatch(AgencyID, note: String?)
    case resolve(summary: String)
    case close(note: String?)
    case reopen(reason: String)
    case cancel(reason: String)
    /// Send the incident to the chosen agencies (`teruskan`), recording the matrix's proposal and, when the choice
    /// differs from it, why.
    case forward(agencies: [AgencyID], proposal: RoutingProposal?, reason: String?)
    /// A step of one agency's dispatch.
    case updateDispatch(AgencyID, DispatchCommand)
    /// A field team's button: the step its unit reports in its agency's dispatch. Allowed to the team for its own
    /// unit, where ``updateDispatch(_:_:)`` is the agency's work on the whole dispatch.
    case reportFieldStep(UnitID, agency: AgencyID, DispatchCommand)
    /// Attach a photo whose bytes are already stored under their hash.
    case addAttachment(Attachment)
    /// Confirm an incident awaiting verification, with what the call taker found out.
    case verify(note: String?)
    /// A handover to a neighbouring 112 center: requested, answered, overdue or withdrawn.
    case transfer(TransferCommand)

    public var action: IncidentAction {
        switch self {
        case .classify: .classify
        case .locate: .locate
        case .changePriority: .changePriority
        case .addNote: .addNote
        case .linkCall: .linkCall
        case .dispatch: .dispatch
        case .resolve: .resolve
        case .close: .close
        case .reopen: .reopen
        case .cancel: .cancel
        case .forward: .forward
        case .updateDispatch, .reportFieldStep: .updateDispatch
        case .addAttachment: .addAttachment
        case .verify: .verify
        case .transfer(.request): .transfer
        case .transfer: .transferOutcome
        }
    }
}

/// The request to open a new incident.
public struct CreateIncident: Hashable, Sendable {
    public var regionCode: RegionCode
    public var classification: Classification?
    /// A priority the call taker chose; otherwise the category's default, or P2 while unclassified.
    public var priority: Priority?
    public var location: Location?
    public var description: String
    public var callerNumber: PhoneNumber?
    public var callerName: String?
    /// The call the incident was opened from, if any.
    public var callID: CallID?
    /// When that call was answered: call processing is timed from it.
    public var callAnsweredAt: Date?
    /// Set when a system opens the incident: it waits for a call taker to verify it.
    public var verification: VerificationRequest?
    /// Set when a neighbouring center handed the incident over: recorded right after it is opened.
    public var transferredFrom: TransferOrigin?

    public init(
        regionCode: RegionCode,
        classification: Classification? = nil,
        priority: Priority? = nil,
        location: Location? = nil,
        description: String,
        callerNumber: PhoneNumber? = nil,
        callerName: String? = nil,
        callID: CallID? = nil
    ) {
        self.regionCode = regionCode
        self.classification = classification
        self.priority = priority
        self.location = location
        self.description = description
        self.callerNumber = callerNumber
        self.callerName = callerName
        self.callID = callID
    }
}

/// What the lifecycle needs to know about the region to decide: its categories, its active agencies with the
/// channel each is reached by, and their units.
public struct IncidentRules: Sendable {
    public var categories: CategoryCatalog
    public var agencies: Set<AgencyID>
    /// How each agency is reached; agencies not listed use their console.
    public var channels: [AgencyID: ForwardingChannel]
    /// Units by id; a unit may only be assigned for its own agency.
    public var units: [UnitID: ResponseUnit]

    public init(
        categories: CategoryCatalog, agencies: Set<AgencyID>, channels: [AgencyID: ForwardingChannel] = [:],
        units: [UnitID: ResponseUnit] = [:]
    ) {
        self.categories = categories
        self.agencies = agencies
        self.channels = channels
        self.units = units
    }

    public func channel(of agency: AgencyID) -> ForwardingChannel { channels[agency] ?? .console }
}
