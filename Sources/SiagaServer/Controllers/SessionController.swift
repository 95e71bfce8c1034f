import Foundation
import HTTPTypes
import Hummingbird
import SiagaCore
import SiagaStore

/// Signing in and out of the console.
///
/// | method | path      | who            | does                                                                |
/// |--------|-----------|----------------|---------------------------------------------------------------------|
/// | POST   | /session  | anyone         | sign in (`username`, `password`): sets the session cookie          |
/// | GET    | /session  | signed in      | who I am, my permissions, and the CSRF token for changes           |
/// | DELETE | /session  | signed in      | sign out: the session is revoked on the server                     |
struct SessionController {
    let store: SQLStore
    let sessions: SessionService
    let auth: AuthSettings
    let now: @Sendable () -> Date

    struct SignInRequest: Decodable, Sendable {
        var username: String
        var password: String
    }

    /// Who is signed in, what they may do, and the token to send as `X-CSRF-Token` with every change.
    struct SessionDTO: Encodable, Sendable {
        var user: UserDTO?
        var name: String
        var role: Role
        var jurisdiction: String
        var agencyId: String?
        var unitIds: [String]
        var permissions: [String]
        var csrfToken: String?
        var expiresAt: Date?
    }

    func addPublicRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.post("session", use: signIn)
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        // Every signed-in principal may see and end its own session: no permission beyond being signed in.
        group.get("session", use: show)
        group.delete("session", use: signOut)
    }

    @Sendable func signIn(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        let body = try await RequestBody<SignInRequest>.decode(request)
        var errors: [FieldError] = []
        if body.value.username.trimmingWhitespace.isEmpty { errors.append(FieldError("username", .empty)) }
        if body.value.username.storedLength > 64 { errors.append(FieldError("username", .tooLong(max: 64))) }
        if body.value.password.isEmpty { errors.append(FieldError("password", .empty)) }
        if body.value.password.utf8.count > 1024 { errors.append(FieldError("password", .tooLong(max: 1024))) }
        try ValidationError.check(errors)
        let address = context.clientAddress
        let signedIn: SessionService.SignedIn
        do {
            signedIn = try await sessions.signIn(
                username: body.value.username, password: body.value.password, address: address,
                userAgent: request.headers[.userAgent])
        } catch let refusal as SessionService.Refusal {
            throw ProblemDetails.signInRefused(refusal, request.language)
        }
        let principal = signedIn.account.principal(session: signedIn.session.id)
        var response = try Response.json(
            Self.describe(principal, account: signedIn.account, session: signedIn.session), status: .created)
        response.setCookie(cookie(signedIn.secret, request: request))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func show(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var account: UserAccount?
        var session: SessionRecord?
        if case .session(let id) = context.principal.credential {
            (account, session) = try await store.read { reader in
                let account = try await reader.user(context.principal.name)?.account
                let session = try await reader.openSessions(of: context.principal.name, at: now())
                    .first { $0.id == id }
                return (account, session)
            }
        }
        var response = try Response.json(Self.describe(context.principal, account: account, session: session))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func signOut(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try await sessions.signOut(context.principal, address: context.address)
        var response = Response(status: .noContent)
        response.setCookie(cookie("", maxAge: 0, request: request))
        return response
    }

    /// HttpOnly so scripts cannot read it; SameSite=Strict so other sites cannot send it; Secure over TLS.
    private func cookie(_ secret: String, maxAge: Int? = nil, request: Request) -> Cookie {
        let overTLS =
            auth.alwaysSecureCookies
            || (auth.behindProxy && request.headers[.xForwardedProto]?.lowercased() == "https")
        return Cookie(
            name: Authenticator.sessionCookie, value: secret,
            maxAge: maxAge ?? Int(auth.absoluteLifetime.timeInterval), path: "/", secure: overTLS,
            httpOnly: true, sameSite: .strict)
    }

    static func describe(_ principal: Principal, account: UserAccount?, session: SessionRecord?) -> SessionDTO {
        SessionDTO(
            user: account.map(UserDTO.init), name: principal.name, role: principal.role,
            jurisdiction: principal.jurisdiction.description, agencyId: principal.agency?.rawValue,
            unitIds: principal.units.map(\.rawValue).sorted(),
            permissions: principal.permissions.map(\.rawValue).sorted(),
            csrfToken: session?.csrfToken, expiresAt: session?.expiresAt)
    }
}

/// A user on the wire: never the password hash.
struct UserDTO: Encodable, Sendable {
    var username: String
    var displayName: String
    var role: Role
    var jurisdiction: String
    var agencyId: String?
    var unitIds: [String]
    var disabled: Bool
    /// The phone the person answers 112 calls on.
    var phone: String?

    init(_ account: UserAccount) {
        username = account.username
        displayName = account.displayName
        role = account.role
        jurisdiction = account.jurisdiction.description
        agencyId = account.agency?.rawValue
        unitIds = account.units.map(\.rawValue).sorted()
        disabled = account.disabled
        phone = account.phone?.rawValue
    }
}

extension ProblemDetails {
    static func signInRefused(_ refusal: SessionService.Refusal, _ language: Language) -> ProblemDetails {
        switch refusal {
        case .wrongCredentials:
            return ProblemDetails(
                "sign-in-failed", status: .unauthorized, title: language.pick("Gagal masuk", "Sign-in failed"),
                detail: language.pick(
                    "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
                    "Wrong username or password, or the account is disabled."))
        case .throttled(let seconds):
            var problem = ProblemDetails(
                "sign-in-throttled", status: .tooManyRequests,
                title: language.pick("Terlalu banyak percobaan masuk", "Too many sign-in attempts"),
                detail: language.pick(
                    "Terlalu banyak percobaan gagal untuk akun atau alamat ini. Coba lagi dalam \(seconds / 60) menit, atau minta admin mengatur ulang kata sandi.",
                    "Too many failed attempts for this account or address. Try again in \(seconds / 60) minutes, or ask an admin to reset the password."
                ))
            problem.retryAfterSeconds = seconds
            return problem
        }
    }
}
