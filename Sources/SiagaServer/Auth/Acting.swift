import SiagaCore

/// Who a service acts for: a principal the policy checks, or Siaga112 itself (auto-forward, auto-close, the
/// demo's seeded history), which no request can claim to be.
enum Acting: Sendable {
    case principal(Principal)
    case trusted(Actor)

    var actor: Actor {
        switch self {
        case .principal(let principal): principal.actor
        case .trusted(let actor): actor
        }
    }

    var callerView: CallerView {
        switch self {
        case .principal(let principal):
            principal.seesCallerNumbers ? .full : .masked
        case .trusted: .full
        }
    }

    /// True when the principal holds `permission` (trusted work holds every one).
    func holds(_ permission: Permission) -> Bool {
        switch self {
        case .principal(let principal): principal.permissions.contains(permission)
        case .trusted: true
        }
    }

    /// Throws ``AccessDenied`` unless the policy allows it; trusted work is always allowed.
    func authorize(_ permission: Permission, _ resource: Resource) throws {
        guard case .principal(let principal) = self else { return }
        if case .deny(let denial) = AccessPolicy.decide(principal, permission, resource) {
            throw AccessDenied(denial: denial)
        }
    }
}

extension AuthorizedContext {
    var acting: Acting { .principal(principal) }
}
