import Foundation
import SiagaCore
import SiagaStore

/// Whether stored credentials still hold, and as whom: one rule for a REST request and for a live console that
/// authenticated earlier and is checked again while it stays open.
enum CredentialCheck {
    /// A session holds until it is revoked, passes its absolute end or its idle limit, or its user is disabled.
    static func session(_ session: SessionRecord, of user: StoredUser, now: Date, settings: AuthSettings)
        -> Authentication
    {
        if session.revokedAt != nil { return .rejected(.sessionRevoked) }
        if now >= session.expiresAt || now.timeIntervalSince(session.lastSeenAt) >= settings.idleTimeout.timeInterval {
            return .rejected(.sessionExpired)
        }
        if user.account.disabled { return .rejected(.accountDisabled) }
        return .authenticated(user.account.principal(session: session.id))
    }

    /// A token holds until it is revoked.
    static func token(_ token: TokenRecord) -> Authentication {
        token.revokedAt == nil ? .authenticated(token.principal) : .rejected(.tokenRevoked)
    }

    /// What `principal`'s credentials say now, given what the store holds of them (nil: gone).
    static func recheck(
        _ principal: Principal, sessions: [String: (SessionRecord, StoredUser)], tokens: [String: TokenRecord],
        now: Date, settings: AuthSettings
    ) -> Authentication {
        switch principal.credential {
        case .session(let id):
            guard let (session, user) = sessions[id] else { return .rejected(.unknownSession) }
            return Self.session(session, of: user, now: now, settings: settings)
        case .token(let id):
            guard let token = tokens[id] else { return .rejected(.unknownToken) }
            return Self.token(token)
        }
    }
}
