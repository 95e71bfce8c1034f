/// Who is making a request, once signed in (a user's session) or authenticated (an integration's API token).
public struct Principal: Hashable, Sendable {
    /// How the principal proved who it is.
    public enum Credential: Hashable, Sendable {
        /// A console session; its id is the session's public id (never the cookie secret).
        case session(id: String)
        /// An API token by its public id.
        case token(id: String)
    }

    /// The username (a user) or the token's name (an integration).
    public var name: String
    public var role: Role
    public var jurisdiction: Jurisdiction
    /// The agency an agency-bound user or token works for.
    public var agency: AgencyID?
    /// The units a field officer crews.
    public var units: Set<UnitID>
    /// What this principal may do: the role's grant for users, the token's own list for tokens.
    public var permissions: Set<Permission>
    public var credential: Credential

    public init(
        name: String, role: Role, jurisdiction: Jurisdiction, agency: AgencyID? = nil, units: Set<UnitID> = [],
        permissions: Set<Permission>? = nil, credential: Credential
    ) {
        self.name = name
        self.role = role
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.units = units
        self.permissions = permissions ?? Permission.granted(to: role)
        self.credential = credential
    }

    /// The actor that events written by this principal name.
    public var actor: Actor {
        role == .integration ? Actor(kind: .integration, id: name) : .petugas(PetugasID(name))
    }

    /// True when what this principal sees is limited to what was sent to its agency.
    public var isAgencyScoped: Bool { agency != nil }

    /// True when caller numbers are shown in full; otherwise they are masked.
    public var seesCallerNumbers: Bool { permissions.contains(.callerNumberRead) && !isAgencyScoped }
}
