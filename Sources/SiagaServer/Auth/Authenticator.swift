import Foundation
import HTTPTypes
import Hummingbird
import SiagaCore
import SiagaStore

/// Turns a request's credentials (a session cookie or a bearer token) into a principal.
struct Authenticator: Sendable {
    static let sessionCookie = "siaga_sesi"
    /// A session is written back as seen at most this often, so reading pages does not mean writing rows.
    static let touchInterval: TimeInterval = 60
    /// A token's use is audited at most once per this interval, with the time of the first use.
    static let tokenAuditInterval: TimeInterval = 15 * 60

    let dependencies: Dependencies

    func authenticate(_ request: Request, address: String?) async throws -> Authentication {
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else { return .rejected(.unknownToken) }
            return try await token(String(authorization.dropFirst(7)).trimmingWhitespace, address: address)
        }
        if let cookie = request.cookies[Self.sessionCookie] {
            return try await session(cookie.value, request: request)
        }
        return .anonymous
    }

    private func token(_ secret: String, address: String?) async throws -> Authentication {
        guard let token = try await dependencies.store.read({ try await $0.token(secretHash: Secrets.hash(secret)) })
        else { return .rejected(.unknownToken) }
        guard case .authenticated(let principal) = CredentialCheck.token(token) else { return .rejected(.tokenRevoked) }
        let now = dependencies.now()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= Self.tokenAuditInterval }) ?? true {
            try await dependencies.store.transaction { transaction in
                let quiet = now.addingTimeInterval(-Self.tokenAuditInterval)
                guard try await transaction.touchToken(token.id, at: now, unlessUsedSince: quiet) else { return }
                try await transaction.appendAudit(
                    AuditEntry(
                        at: now, actor: token.principal.actor, action: .tokenUsed, target: token.id,
                        region: token.jurisdiction.auditRegion, address: address))
            }
        }
        return .authenticated(principal)
    }

    private func session(_ secret: String, request: Request) async throws -> Authentication {
        guard
            let (session, user) = try await dependencies.store.read({
                try await $0.session(secretHash: Secrets.hash(secret))
            })
        else { return .rejected(.unknownSession) }
        let now = dependencies.now()
        let checked = CredentialCheck.session(session, of: user, now: now, settings: settings)
        guard case .authenticated(let principal) = checked else { return checked }
        if !Self.isSafe(request.method) {
            guard let sent = request.headers[.csrfToken], Secrets.constantTimeEquals(sent, session.csrfToken) else {
                return .rejected(.csrfTokenMismatch)
            }
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval {
            try await dependencies.store.transaction { try await $0.touchSession(session.id, at: now) }
        }
        return .authenticated(principal)
    }

    private var settings: AuthSettings { dependencies.auth }

    /// Methods that change nothing, and so need no CSRF token.
    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }
}

/// Authenticates every request before it reaches a route; public routes ignore the outcome.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SiagaRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.clientAddress = request.clientAddress(
            peer: context.peerAddress, trustProxy: authenticator.dependencies.auth.behindProxy)
        context.authentication = try await authenticator.authenticate(request, address: context.clientAddress)
        return try await next(request, context)
    }
}
