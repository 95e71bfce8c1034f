/// What a person or integration asks to do to an existing incident. Validated input: free text is trimmed and
/// within limits before a command exists (see the server's request types).
public enum IncidentCommand: Hashable, Sendable {
    case classify(Classification, priority: Priority?)
    case locate(Location)
    case changePriority(Priority, reason: String?)
    case addNote(String)
    case linkCall(CallID, callerNumber: PhoneNumber?)
    case dispatch(AgencyID, note: String?)
    case resolve(summary: String)
    case close(note: String?)
    case reopen(reason: String)
    case cancel(reason: String)

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

/// What the lifecycle needs to know about the region to decide: its categories and its agencies.
public struct IncidentRules: Sendable {
    public var categories: CategoryCatalog
    public var agencies: Set<AgencyID>

    public init(categories: CategoryCatalog, agencies: Set<AgencyID>) {
        self.categories = categories
        self.agencies = agencies
    }
}
