/// What a request touches, as far as authorization cares.
public enum Resource: Hashable, Sendable {
    /// Something of one region as a whole: its calls, its settings, a new incident in it.
    case region(RegionCode)
    /// An incident: where it is and which agencies it was sent to.
    case incident(IncidentAccess)
    /// One agency's dispatch on an incident of a region.
    case dispatch(RegionCode, agency: AgencyID)
    /// An agency of a region as a whole: its duty roster, its on-duty operators.
    case agency(RegionCode, AgencyID)
    /// A unit of an agency.
    case unit(RegionCode, agency: AgencyID, unit: UnitID)
    /// A user or token, by where its authority reaches: an admin manages only accounts within their own.
    case account(Jurisdiction)
    /// Not tied to a region: the route filters what it returns by the principal's jurisdiction.
    case deployment
    /// Figures of every region this deployment serves at once (its metrics): only for a national principal.
    case allRegions
}

/// The facts about an incident that decide who may see or work it.
public struct IncidentAccess: Hashable, Sendable {
    public var region: RegionCode
    /// Every agency the incident was ever dispatched to, whatever became of the dispatch.
    public var dispatchedTo: Set<AgencyID>
    /// Agencies whose dispatch is still open (not completed, declined, re-routed or cancelled).
    public var workingAgencies: Set<AgencyID>

    public init(region: RegionCode, dispatchedTo: Set<AgencyID>, workingAgencies: Set<AgencyID>) {
        self.region = region
        self.dispatchedTo = dispatchedTo
        self.workingAgencies = workingAgencies
    }
}

/// Why access was refused; the server words it for the person.
public enum AccessDenial: Hashable, Sendable {
    case notPermitted(Role, Permission)
    case outsideJurisdiction(RegionCode)
    case incidentNotDispatchedToAgency(AgencyID)
    case otherAgency(AgencyID)
    case notYourUnit(UnitID)
    /// A caller's number is revealed only to an agency still working the incident.
    case noOpenDispatch(AgencyID)
    /// An admin cannot manage an account whose authority reaches further than their own.
    case accountBeyondJurisdiction(Jurisdiction)
    /// Figures of every region at once are for national staff and tokens only.
    case allRegionsNeedNationalReach
    /// A token may not be given a permission its creator lacks (``Permission/delegable(by:)``).
    case permissionBeyondOwn(Permission)
    /// A page of another origin used the session cookie (the live feed's WebSocket, which browsers open anywhere).
    case crossOrigin
}

/// The outcome of ``AccessPolicy/decide(_:_:_:)``.
public enum AccessDecision: Hashable, Sendable {
    case allow
    case deny(AccessDenial)
}

/// The one authorization policy: every route asks it, and nothing else checks roles.
///
/// | check, in order | denies with |
/// |---|---|
/// | the principal holds the permission | `notPermitted` |
/// | the resource's region lies in the principal's jurisdiction | `outsideJurisdiction`, `accountBeyondJurisdiction` |
/// | an agency-bound principal touches only its agency's incidents, dispatches and units | `incidentNotDispatchedToAgency`, `otherAgency` |
/// | a field officer reports only for the units they crew | `notYourUnit` |
/// | a caller's number is revealed only while the agency's dispatch is open | `noOpenDispatch` |
public enum AccessPolicy {
    public static func decide(_ principal: Principal, _ permission: Permission, _ resource: Resource) -> AccessDecision
    {
        guard principal.permissions.contains(permission) else {
            return .deny(.notPermitted(principal.role, permission))
        }
        if let denial = jurisdictionDenial(principal, resource) ?? agencyDenial(principal, permission, resource) {
            return .deny(denial)
        }
        return .allow
    }

    /// True when the principal holds the permission for some resource; routes check this before reading the body.
    public static func mayEver(_ principal: Principal, _ permission: Permission) -> Bool {
        principal.permissions.contains(permission)
    }

    private static func jurisdictionDenial(_ principal: Principal, _ resource: Resource) -> AccessDenial? {
        let region: RegionCode
        switch resource {
        case .region(let code): region = code
        case .incident(let incident): region = incident.region
        case .dispatch(let code, _), .unit(let code, _, _), .agency(let code, _): region = code
        case .account(let jurisdiction):
            return principal.jurisdiction.covers(jurisdiction) ? nil : .accountBeyondJurisdiction(jurisdiction)
        case .deployment: return nil
        case .allRegions: return principal.jurisdiction == .nation ? nil : .allRegionsNeedNationalReach
        }
        return principal.jurisdiction.covers(region) ? nil : .outsideJurisdiction(region)
    }

    private static func agencyDenial(_ principal: Principal, _ permission: Permission, _ resource: Resource)
        -> AccessDenial?
    {
        guard let own = principal.agency else { return nil }
        switch resource {
        case .incident(let incident):
            guard incident.dispatchedTo.contains(own) else { return .incidentNotDispatchedToAgency(own) }
            if permission == .callerNumberReveal, !incident.workingAgencies.contains(own) {
                return .noOpenDispatch(own)
            }
            return nil
        case .dispatch(_, let agency), .agency(_, let agency):
            return agency == own ? nil : .otherAgency(agency)
        case .unit(_, let agency, let unit):
            if agency != own { return .otherAgency(agency) }
            if principal.role == .fieldOfficer, !principal.units.contains(unit) { return .notYourUnit(unit) }
            return nil
        case .region, .account, .deployment, .allRegions:
            return nil
        }
    }
}
