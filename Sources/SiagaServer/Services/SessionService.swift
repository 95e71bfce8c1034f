import Foundation
import SiagaCore
import SiagaStore

/// Signs people in and out. Failed sign-ins are counted from the audit log itself, so the limit holds across
/// restarts and across several server instances.
struct SessionService: Sendable {
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }
    private var settings: AuthSettings { dependencies.auth }

    /// A new session: the cookie secret (never stored) and the session as stored.
    struct SignedIn: Sendable {
        var secret: String
        var session: SessionRecord
        var account: UserAccount
    }

    /// Sign-in refused: wrong username or password (one answer for both, so accounts cannot be probed), a
    /// disabled account, or too many failures recently.
    enum Refusal: Error, Equatable {
        case wrongCredentials
        case throttled(retryAfter: Int)
    }

    func signIn(username: String, password: String, address: String?, userAgent: String?) async throws -> SignedIn {
        let username = username.trimmingWhitespace.lowercased()
        let now = dependencies.now().truncatedToMilliseconds
        if let wait = try await throttle(username: username, address: address, now: now) {
            try await audit(.loginThrottled, username: username, region: nil, address: address, at: now)
            throw Refusal.throttled(retryAfter: wait)
        }
        let hasher = PasswordHasher(cost: settings.passwordCost)
        let user = try await store.read { try await $0.user(username) }
        guard let user else {
            // Hash anyway, so an unknown account takes as long to refuse as a wrong password.
            _ = try await hasher.hash(password)
            try await audit(.loginFailed, username: username, region: nil, address: address, at: now)
            throw Refusal.wrongCredentials
        }
        let region = user.account.jurisdiction.singleRegion
        guard try await hasher.verify(password, against: user.passwordHash), !user.account.disabled else {
            try await audit(.loginFailed, username: username, region: region, address: address, at: now)
            throw Refusal.wrongCredentials
        }
        let secret = Secrets.random()
        let session = SessionRecord(
            id: Secrets.publicID(), username: username, csrfToken: Secrets.random(), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(settings.absoluteLifetime.timeInterval), address: address,
            userAgent: userAgent.map { String($0.prefix(200)) })
        try await store.transaction { transaction in
            try await transaction.insertSession(session, secretHash: Secrets.hash(secret))
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: .petugas(PetugasID(username)), action: .loginSucceeded, target: username,
                    region: region, address: address, detail: ["session": session.id]))
        }
        return SignedIn(secret: secret, session: session, account: user.account)
    }

    func signOut(_ principal: Principal, address: String?) async throws {
        guard case .session(let id) = principal.credential else { return }
        let now = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            try await transaction.revokeSessions(id: id, at: now)
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: principal.actor, action: .logout, target: principal.name,
                    region: principal.jurisdiction.singleRegion, address: address, detail: ["session": id]))
        }
    }

    /// Seconds to wait when the account or the address has failed too often within the window; nil to go on.
    private func throttle(username: String, address: String?, now: Date) async throws -> Int? {
        let since = now.addingTimeInterval(-settings.failureWindow.timeInterval)
        let (byAccount, byAddress) = try await store.read { reader in
            let account = try await reader.countAudit(
                .loginFailed, target: username, since: since, resetBy: .loginSucceeded)
            let address = try await address.asyncMap {
                try await reader.countAudit(.loginFailed, address: $0, since: since)
            }
            return (account, address ?? 0)
        }
        guard byAccount >= settings.maxFailuresPerAccount || byAddress >= settings.maxFailuresPerAddress else {
            return nil
        }
        return Int(settings.failureWindow.timeInterval)
    }

    private func audit(_ action: AuditAction, username: String, region: RegionCode?, address: String?, at: Date)
        async throws
    {
        try await store.transaction { transaction in
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: .petugas(PetugasID(username)), action: action, target: username, region: region,
                    address: address))
        }
    }
}
