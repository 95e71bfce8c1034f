import Foundation
public import Hummingbird
public import SiagaCore
import SiagaStore

/// The context of every protected route: a principal is always present, so no handler unwraps one.
/// Building it from a request without valid credentials answers 401.
public struct AuthorizedContext: ChildRequestContext {
    public typealias ParentContext = SiagaRequestContext
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    /// The client's address, for audit entries.
    public let address: String?

    public init(context: SiagaRequestContext) throws {
        switch context.authentication {
        case .authenticated(let principal): self.principal = principal
        case .anonymous: throw NotAuthenticated(reason: .missing)
        case .rejected(let failure): throw NotAuthenticated(reason: failure)
        }
        self.coreContext = context.coreContext
        self.address = context.clientAddress
    }

    public var maxUploadSize: Int { RequestLimits.maxBodyBytes }

    /// The actor events written by this request name.
    var actor: Actor { principal.actor }

    /// Throws ``AccessDenied`` unless the policy allows `permission` on `resource`.
    func authorize(_ permission: Permission, _ resource: Resource) throws {
        if case .deny(let denial) = AccessPolicy.decide(principal, permission, resource) {
            throw AccessDenied(denial: denial)
        }
    }

    /// The incident named `key` (its id or its number, `3515-261123-0007`) if this principal may read it. One it
    /// may not read gets the same not-found as one that does not exist: numbers are easy to guess, and whether
    /// another region or agency has an incident numbered so is not this principal's to learn.
    func readableIncident(_ key: String, in reader: StoreReader) async throws -> Incident {
        let incident = try await reader.incident(key: key)
        guard case .allow = AccessPolicy.decide(principal, .incidentRead, .incident(incident.access)) else {
            throw StoreError.incidentNotFound(IncidentID(key))
        }
        return incident
    }

    /// An audit entry for this request's principal and address.
    func audit(
        _ action: AuditAction, at: Date, target: String?, region: RegionCode?, detail: [String: String] = [:]
    ) -> AuditEntry {
        AuditEntry(
            at: at, actor: actor, action: action, target: target, region: region, address: address, detail: detail)
    }

    /// How caller numbers are shown to this principal.
    var callerView: CallerView { principal.seesCallerNumbers ? .full : .masked }

    /// An idempotency claim scoped to this principal, so one client's key never answers another's request.
    func idempotencyClaim(_ request: Request, fingerprint: String, scope: String? = nil) throws -> IdempotencyClaim? {
        guard var claim = try request.idempotencyClaim(fingerprint: fingerprint, scope: scope) else { return nil }
        // A person's retries share a scope across sessions; a token's are its own, whatever its name.
        switch principal.credential {
        case .session: claim.scope = "\(principal.actor) \(claim.scope)"
        case .token(let id): claim.scope = "token:\(id) \(claim.scope)"
        }
        return claim
    }
}

/// Whether caller numbers appear in full or masked.
enum CallerView: Sendable {
    case full
    case masked
}

/// The request carried no valid credentials (401).
struct NotAuthenticated: Error {
    var reason: AuthenticationFailure
}

/// The policy refused (403).
struct AccessDenied: Error {
    var denial: AccessDenial
}

extension NotAuthenticated: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .notAuthenticated(reason, language) }
}

extension AccessDenied: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .accessDenied(denial, language) }
}

extension RouterMethods where Context == AuthorizedContext {
    /// Adds a route that only a role holding `permission` may use at all, refused before anything is read; the
    /// one decision about the resource itself is made where the resource is known (see `docs/architecture.md`).
    @discardableResult
    func on(
        _ path: RouterPath, _ method: HTTPRequest.Method, requires permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method, requiresAnyOf: [permission], use: handler)
    }

    /// The same for a route whose requests need one of several permissions, decided by what each asks for (the
    /// incident's commands).
    @discardableResult
    func on(
        _ path: RouterPath, _ method: HTTPRequest.Method, requiresAnyOf permissions: Set<Permission>,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: method) { request, context in
            guard permissions.contains(where: { AccessPolicy.mayEver(context.principal, $0) }) else {
                throw AccessDenied(denial: .notPermitted(context.principal.role, permissions.sorted()[0]))
            }
            return try await handler(request, context)
        }
    }

    @discardableResult
    func get(
        _ path: RouterPath, _ permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(path, .get, requires: permission, use: handler) }

    @discardableResult
    func post(
        _ path: RouterPath, _ permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(path, .post, requires: permission, use: handler) }

    @discardableResult
    func put(
        _ path: RouterPath, _ permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(path, .put, requires: permission, use: handler) }

    @discardableResult
    func patch(
        _ path: RouterPath, _ permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(path, .patch, requires: permission, use: handler) }

    @discardableResult
    func delete(
        _ path: RouterPath, _ permission: Permission,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self { on(path, .delete, requires: permission, use: handler) }
}
