/// A person who signs in to Siaga112. The username is also the petugas id that timelines name.
public struct UserAccount: Hashable, Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdiction: Jurisdiction
    public var agency: AgencyID?
    public var units: Set<UnitID>
    public var disabled: Bool
    /// The phone this person answers 112 calls on, as it registers with the switch; a desk phone may be shared
    /// by the call takers of different shifts.
    public var phone: PhoneName?

    public init(
        username: String, displayName: String, role: Role, jurisdiction: Jurisdiction, agency: AgencyID? = nil,
        units: Set<UnitID> = [], disabled: Bool = false, phone: PhoneName? = nil
    ) {
        self.phone = phone
        self.username = username
        self.displayName = displayName
        self.role = role
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.units = units
        self.disabled = disabled
    }

    /// The principal a session of this user acts as.
    public func principal(session id: String) -> Principal {
        Principal(
            name: username, role: role, jurisdiction: jurisdiction, agency: agency, units: units,
            credential: .session(id: id))
    }

    /// What is wrong with this account, field by field; empty when it may be saved.
    ///
    /// Agency operators and field officers work in one region for one agency (field officers also name their
    /// units); no other role names an agency; integrations are tokens, not people.
    public var problems: [FieldError] {
        var errors =
            UserAccount.usernameProblems(username) + TextRules.problems(displayName, field: "displayName", max: 120)
        switch role {
        case .integration:
            errors.append(FieldError("role", .notAllowedHere))
        case .agencyOperator, .fieldOfficer:
            if agency == nil { errors.append(FieldError("agencyId", .required)) }
            if jurisdiction.singleRegion == nil { errors.append(FieldError("jurisdiction", .notAllowedHere)) }
            if role == .fieldOfficer, units.isEmpty { errors.append(FieldError("unitIds", .required)) }
            if role == .agencyOperator, !units.isEmpty { errors.append(FieldError("unitIds", .notAllowedHere)) }
        default:
            if agency != nil { errors.append(FieldError("agencyId", .notAllowedHere)) }
            if !units.isEmpty { errors.append(FieldError("unitIds", .notAllowedHere)) }
        }
        return errors
    }

    /// Usernames are 3 to 64 characters of lowercase letters, digits, `.`, `_` and `-`, starting with a letter.
    public static func usernameProblems(_ username: String, field: String = "username") -> [FieldError] {
        guard (3...64).contains(username.storedLength) else {
            return [
                FieldError(
                    field, username.isEmpty ? .empty : (username.storedLength > 64 ? .tooLong(max: 64) : .invalidFormat)
                )
            ]
        }
        let allowed = username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
        guard allowed, let first = username.unicodeScalars.first, ("a"..."z").contains(first) else {
            return [FieldError(field, .invalidFormat)]
        }
        return []
    }
}

/// What a password must be: long enough to resist guessing, short enough for bcrypt, and not the username.
public enum PasswordRules {
    public static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut.
    public static let maximumBytes = 72

    public enum Problem: Hashable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximumBytes: Int)
        case containsUsername
        /// bcrypt stops at a NUL, and other control characters cannot be typed at a console.
        case controlCharacter
    }

    /// True for text with a control character: bcrypt stops at a NUL, so such a password never matches.
    public static func hasControlCharacter(_ password: String) -> Bool {
        password.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    public static func problem(_ password: String, username: String) -> Problem? {
        if hasControlCharacter(password) { return .controlCharacter }
        if password.count < minimumLength { return .tooShort(minimum: minimumLength) }
        if password.utf8.count > maximumBytes { return .tooLong(maximumBytes: maximumBytes) }
        if !username.isEmpty, password.lowercased().contains(username.lowercased()) { return .containsUsername }
        return nil
    }
}
