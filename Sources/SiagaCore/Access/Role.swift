/// What a person (or an integration) does in Siaga112; the authorization policy grants permissions by role.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Operator 112: answers calls, opens incidents and forwards them.
    case callTaker
    /// Kepala regu: a call taker who also closes and reopens incidents, reads reports and hands the shift over.
    case supervisor
    /// Operator OPD: works the dispatches sent to one agency.
    case agencyOperator
    /// Petugas lapangan: reports for the units they crew.
    case fieldOfficer
    /// Pimpinan: reads incidents (caller numbers masked) and reports; changes nothing.
    case leader
    /// Configures regions, agencies, the responsibility matrix, users and tokens; reads the audit log.
    case admin
    /// A machine: PBX, SMS gateway, another 112 center. Acts only with the permissions its token names.
    case integration

    /// Roles whose work is bound to one agency: they must name it, and they see only what was sent to it.
    public var isAgencyBound: Bool { self == .agencyOperator || self == .fieldOfficer }

    /// Roles of the command center floor.
    public var isCommandCenter: Bool { self == .callTaker || self == .supervisor }
}

/// Where a user's or a token's authority reaches: one region, one province, or the nation.
public enum Jurisdiction: Hashable, Sendable, CustomStringConvertible, Codable {
    case nation
    /// A province by its two-digit Kemendagri code, e.g. `35` (Jawa Timur).
    case province(String)
    case region(RegionCode)

    /// Parses `nasional`, a province code (`35`) or a regency/city code (`35.15`).
    public init?(_ text: String) {
        if text == "nasional" {
            self = .nation
        } else if let code = RegionCode(text), code.level == .provinsi {
            self = .province(code.rawValue)
        } else if let code = RegionCode(text), code.level == .kabupaten {
            self = .region(code)
        } else {
            return nil
        }
    }

    /// True when `region` (or a district or village inside it) lies within this jurisdiction.
    public func covers(_ region: RegionCode) -> Bool {
        switch self {
        case .nation: true
        case .province(let code): region.provinceCode == code
        case .region(let own): own.contains(region)
        }
    }

    /// True when every region this other jurisdiction covers is covered by this one.
    public func covers(_ other: Jurisdiction) -> Bool {
        switch (self, other) {
        case (.nation, _): true
        case (.province(let code), .province(let inner)): code == inner
        case (_, .region(let region)): covers(region)
        default: false
        }
    }

    /// The one region, when the jurisdiction is a single regency or city.
    public var singleRegion: RegionCode? {
        if case .region(let code) = self { return code }
        return nil
    }

    /// The code audit entries about an account of this reach carry: the region, or the province's own code, so
    /// an admin of the province reads them; none for the nation.
    public var auditRegion: RegionCode? {
        switch self {
        case .nation: nil
        case .province(let code): RegionCode(code)
        case .region(let code): code
        }
    }

    public var description: String {
        switch self {
        case .nation: "nasional"
        case .province(let code): code
        case .region(let code): code.rawValue
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let jurisdiction = Jurisdiction(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a jurisdiction: \(text)"))
        }
        self = jurisdiction
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
