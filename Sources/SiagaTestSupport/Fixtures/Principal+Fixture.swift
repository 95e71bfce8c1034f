public import SiagaCore

extension Principal {
    /// A signed-in user of `role` in Sidoarjo (35.15), bound to Damkar when the role is agency-bound.
    public static func sidoarjo(_ role: Role) -> Principal {
        user(role, in: .region(RegionCode("35.15")!))
    }

    /// A signed-in user of `role` with the given reach; agency-bound roles work for Damkar Sidoarjo and field
    /// officers crew Damkar's Waru unit.
    public static func user(_ role: Role, in jurisdiction: Jurisdiction) -> Principal {
        Principal(
            name: "uji-\(role.rawValue.lowercased())", role: role, jurisdiction: jurisdiction,
            agency: role.isAgencyBound ? .damkar : nil, units: role == .fieldOfficer ? [.damkarWaru1] : [],
            credential: .session(id: "sesi-uji"))
    }

    /// An integration token of Sidoarjo holding only `permissions`.
    public static func token(
        _ permissions: Set<Permission>, in jurisdiction: Jurisdiction = .region(RegionCode("35.15")!)
    )
        -> Principal
    {
        Principal(
            name: "pbx", role: .integration, jurisdiction: jurisdiction, permissions: permissions,
            credential: .token(id: "token-uji"))
    }
}
