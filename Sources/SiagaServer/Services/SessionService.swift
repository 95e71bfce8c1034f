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
        // One attempt per account (and a few per address) at a time: otherwise parallel guesses would all read
        // the failure count before any of them is recorded.
        guard await dependencies.signIns.enter(username: username, address: address) else {
            throw Refusal.throttled(retryAfter: 1)
        }
        do {
            let signedIn = try await attempt(username, password, address: address, userAgent: userAgent, now: now)
            await dependencies.signIns.leave(username: username, address: address)
            return signedIn
        } catch {
            await dependencies.signIns.leave(username: username, address: address)
            throw error
        }
    }

    private func attempt(_ username: String, _ password: String, address: String?, userAgent: String?, now: Date)
        async throws -> SignedIn
    {
        if let wait = try await throttle(username: username, address: address, now: now) {
            try await audit(.loginThrottled, username: username, region: nil, address: address, at: now)
            throw Refusal.throttled(retryAfter: wait)
        }
        let hasher = PasswordHasher(cost: settings.passwordCost)
        let user = try await store.read { try await $0.user(username) }
        // Exactly one bcrypt verification at the configured cost for every attempt that reaches here, whatever
        // refuses it, so the time a refusal takes does not tell which usernames exist.
        let check = PasswordCheck(for: user, password: password, cost: settings.passwordCost)
        let matches = try await hasher.verify(password, against: check.hash)
        guard let user, check.canSucceed, matches else {
            try await audit(
                .loginFailed, username: username, region: user?.account.jurisdiction.auditRegion, address: address,
                at: now)
            throw Refusal.wrongCredentials
        }
        let region = user.account.jurisdiction.auditRegion
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
                    region: principal.jurisdiction.auditRegion, address: address, detail: ["session": id]))
        }
    }

    /// Seconds to wait when this account from this address, this address, or this account from anywhere has
    /// failed too often within the window; nil to go on. Failures count from the account's last success.
    private func throttle(username: String, address: String?, now: Date) async throws -> Int? {
        let since = now.addingTimeInterval(-settings.failureWindow.timeInterval)
        let (fromHere, fromAddress, anywhere) = try await store.read { reader in
            let fromHere = try await reader.countAudit(
                .loginFailed, target: username, address: address, since: since, resetBy: .loginSucceeded)
            let anywhere = try await reader.countAudit(
                .loginFailed, target: username, since: since, resetBy: .loginSucceeded)
            var fromAddress = 0
            if let address { fromAddress = try await reader.countAudit(.loginFailed, address: address, since: since) }
            return (fromHere, fromAddress, anywhere)
        }
        guard
            fromHere >= settings.maxFailuresPerAccount || fromAddress >= settings.maxFailuresPerAddress
                || anywhere >= settings.maxFailuresPerAccountAnywhere
        else { return nil }
        return Int(settings.failureWindow.timeInterval)
    }

    private func audit(_ action: AuditAction, username: String, region: RegionCode?, address: String?, at: Date)
        async throws
    {
        _ = try await store.transaction { transaction in
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: .petugas(PetugasID(username)), action: action, target: username, region: region,
                    address: address))
        }
    }
}
