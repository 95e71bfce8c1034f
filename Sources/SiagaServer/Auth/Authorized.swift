import SiagaCore

/// A resource the access policy allowed a permission on, and who for. Only the policy's check makes one, so a
/// service that takes one cannot be reached without it, and does not ask again.
struct Authorized<Value: Sendable>: Sendable {
    let value: Value
    let permission: Permission
    let acting: Acting

    fileprivate init(_ value: Value, _ permission: Permission, _ acting: Acting) {
        self.value = value
        self.permission = permission
        self.acting = acting
    }
}

extension Acting {
    /// `value`, once the policy allows `permission` on `resource`; throws ``AccessDenied`` otherwise.
    func authorized<Value>(_ permission: Permission, _ resource: Resource, _ value: Value) throws -> Authorized<Value> {
        try authorize(permission, resource)
        return Authorized(value, permission, self)
    }

    /// The region, once the policy allows `permission` on it.
    func authorized(_ permission: Permission, region: RegionCode) throws -> Authorized<RegionCode> {
        try authorized(permission, .region(region), region)
    }
}
