import Foundation
import HTTPTypes
public import SiagaCore
public import SiagaStore

/// Users and API tokens: what `siaga user`, `siaga token` and the admin API share. Each change is one
/// transaction with its audit entry. Whether the caller may make it is decided before, by the policy.
public struct AccountService: Sendable {
    let dependencies: Dependencies

    public init(dependencies: Dependencies) { self.dependencies = dependencies }

    private var store: SQLStore { dependencies.store }

    /// A password that breaks ``PasswordRules``.
    public struct WeakPassword: Error {
        public var problem: PasswordRules.Problem
    }

    public struct UsernameTaken: Error {
        public var username: String
    }

    public struct UserNotFound: Error {
        public var username: String
        public init(username: String) { self.username = username }
    }

    public struct TokenNotFound: Error {
        public var id: String
    }

    public func createUser(_ account: UserAccount, password: String, by actor: Actor, address: String?) async throws
        -> StoredUser
    {
        try ValidationError.check(account.problems)
        if let problem = PasswordRules.problem(password, username: account.username) {
            throw WeakPassword(problem: problem)
        }
        let hash = try await PasswordHasher(cost: dependencies.auth.passwordCost).hash(password)
        let now = dependencies.now().truncatedToMilliseconds
        let user = StoredUser(account: account, passwordHash: hash, createdAt: now, updatedAt: now)
        try await store.transaction { transaction in
            guard try await transaction.reader.user(account.username) == nil else {
                throw UsernameTaken(username: account.username)
            }
            try await checkAgency(account, transaction.reader)
            try await transaction.insertUser(user)
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: actor, action: .userCreated, target: account.username,
                    region: account.jurisdiction.auditRegion, address: address, detail: Self.describe(account)))
        }
        return user
    }

    /// Saves changed fields; disabling also revokes every open session of the user at once.
    public func updateUser(_ account: UserAccount, by actor: Actor, address: String?) async throws -> StoredUser {
        try ValidationError.check(account.problems)
        let now = dependencies.now().truncatedToMilliseconds
        return try await store.transaction { transaction in
            guard let before = try await transaction.reader.user(account.username) else {
                throw UserNotFound(username: account.username)
            }
            try await checkAgency(account, transaction.reader)
            try await transaction.updateUser(account, at: now)
            let action: AuditAction =
                account.disabled && !before.account.disabled
                ? .userDisabled : (!account.disabled && before.account.disabled ? .userEnabled : .userChanged)
            var detail = Self.changes(from: before.account, to: account)
            if account.disabled || account.role != before.account.role
                || account.jurisdiction != before.account.jurisdiction
                || account.agency != before.account.agency
            {
                detail["sessionsRevoked"] = String(
                    try await transaction.revokeSessions(username: account.username, at: now))
            }
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: actor, action: action, target: account.username,
                    region: account.jurisdiction.auditRegion, address: address, detail: detail))
            return try await transaction.reader.user(account.username)!
        }
    }

    /// Sets a new password and ends the user's sessions, so whoever knew the old one is out.
    public func resetPassword(of username: String, to password: String, by actor: Actor, address: String?) async throws
    {
        if let problem = PasswordRules.problem(password, username: username) { throw WeakPassword(problem: problem) }
        let hash = try await PasswordHasher(cost: dependencies.auth.passwordCost).hash(password)
        let now = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            guard let user = try await transaction.reader.user(username) else { throw UserNotFound(username: username) }
            try await transaction.setPasswordHash(hash, of: username, at: now)
            let revoked = try await transaction.revokeSessions(username: username, at: now)
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: actor, action: .passwordReset, target: username,
                    region: user.account.jurisdiction.auditRegion, address: address,
                    detail: ["sessionsRevoked": String(revoked)]))
        }
    }

    /// Ends every session of `account`'s user, wherever it was opened.
    func signOutEverywhere(_ account: UserAccount, by actor: Actor, address: String?) async throws {
        let now = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            let revoked = try await transaction.revokeSessions(username: account.username, at: now)
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: actor, action: .sessionRevoked, target: account.username,
                    region: account.jurisdiction.auditRegion, address: address, detail: ["sessions": String(revoked)]))
        }
    }

    /// Creates a token; returns its secret, which is never shown again.
    public func createToken(
        name: String, jurisdiction: Jurisdiction, agency: AgencyID?, permissions: Set<Permission>, by actor: Actor,
        address: String?
    ) async throws -> (secret: String, token: TokenRecord) {
        var errors = UserAccount.usernameProblems(name, field: "name")
        if permissions.isEmpty { errors.append(FieldError("permissions", .empty)) }
        let notGrantable = permissions.subtracting(Permission.grantableToTokens)
        if !notGrantable.isEmpty {
            errors.append(
                FieldError("permissions", .unknownValue(allowed: Permission.grantableToTokens.map(\.rawValue).sorted()))
            )
        }
        if agency != nil, jurisdiction.singleRegion == nil {
            errors.append(FieldError("jurisdiction", .notAllowedHere))
        }
        try ValidationError.check(errors)
        let now = dependencies.now().truncatedToMilliseconds
        let secret = Secrets.random(prefix: "s112_")
        let token = TokenRecord(
            id: Secrets.publicID(), name: name, jurisdiction: jurisdiction, agency: agency, permissions: permissions,
            createdBy: actor, createdAt: now)
        try await store.transaction { transaction in
            if let agency, let region = jurisdiction.singleRegion,
                try await transaction.reader.agency(agency)?.regionCode != region
            {
                throw ValidationError([FieldError("agencyId", .unknownValue(allowed: []))])
            }
            // The name is the actor timelines show: two live tokens must never share it.
            if try await transaction.reader.tokens(within: .nation).contains(where: {
                $0.name == name && $0.revokedAt == nil
            }) {
                throw ValidationError([FieldError("name", .notAllowedHere)])
            }
            try await transaction.insertToken(token, secretHash: Secrets.hash(secret))
            try await transaction.appendAudit(
                AuditEntry(
                    at: now, actor: actor, action: .tokenCreated, target: token.id, region: jurisdiction.auditRegion,
                    address: address,
                    detail: [
                        "name": name, "jurisdiction": jurisdiction.description,
                        "permissions": permissions.map(\.rawValue).sorted().joined(separator: " "),
                    ]))
        }
        return (secret, token)
    }

    public func revokeToken(_ id: String, by actor: Actor, address: String?) async throws -> TokenRecord {
        let now = dependencies.now().truncatedToMilliseconds
        return try await store.transaction { transaction in
            guard let token = try await transaction.reader.token(id: id) else { throw TokenNotFound(id: id) }
            if try await transaction.revokeToken(id, at: now) {
                try await transaction.appendAudit(
                    AuditEntry(
                        at: now, actor: actor, action: .tokenRevoked, target: id,
                        region: token.jurisdiction.auditRegion, address: address, detail: ["name": token.name]))
            }
            return try await transaction.reader.token(id: id)!
        }
    }

    /// An agency-bound account must name an agency of its region, and a field officer units of that agency.
    private func checkAgency(_ account: UserAccount, _ reader: StoreReader) async throws {
        guard let agency = account.agency, let region = account.jurisdiction.singleRegion else { return }
        guard try await reader.agency(agency)?.regionCode == region else {
            throw ValidationError([FieldError("agencyId", .unknownValue(allowed: []))])
        }
        let units = try await reader.units(of: region).filter { $0.agencyID == agency }.map(\.id)
        if !account.units.isSubset(of: Set(units)) {
            throw ValidationError([FieldError("unitIds", .unknownValue(allowed: units.map(\.rawValue).sorted()))])
        }
    }

    static func describe(_ account: UserAccount) -> [String: String] {
        var detail = ["role": account.role.rawValue, "jurisdiction": account.jurisdiction.description]
        if let agency = account.agency { detail["agency"] = agency.rawValue }
        if !account.units.isEmpty { detail["units"] = account.units.map(\.rawValue).sorted().joined(separator: " ") }
        return detail
    }

    static func changes(from before: UserAccount, to after: UserAccount) -> [String: String] {
        let old = describe(before).merging(["displayName": before.displayName, "disabled": "\(before.disabled)"]) { $1 }
        let new = describe(after).merging(["displayName": after.displayName, "disabled": "\(after.disabled)"]) { $1 }
        var detail: [String: String] = [:]
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            detail[key] = "\(old[key] ?? "–") → \(new[key] ?? "–")"
        }
        return detail
    }
}

extension AccountService.WeakPassword: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? { .weakPassword(problem, language) }
}

extension AccountService.UsernameTaken: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "username-taken", status: .conflict, title: language.pick("Nama pengguna sudah dipakai", "Username taken"),
            detail: language.pick(
                "Nama pengguna \(username) sudah dipakai.", "The username \(username) is already taken."))
    }
}

extension AccountService.UserNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("Pengguna \(username) tidak ditemukan.", "User \(username) not found."), language)
    }
}

extension AccountService.TokenNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("Token \(id) tidak ditemukan.", "Token \(id) not found."), language)
    }
}
