public import Foundation
import SQLKit
public import SiagaCore

/// A user as stored: the account and its password hash (bcrypt; never the password).
public struct StoredUser: Hashable, Sendable {
    public var account: UserAccount
    public var passwordHash: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(account: UserAccount, passwordHash: String, createdAt: Date, updatedAt: Date) {
        self.account = account
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A console session. The cookie carries a secret whose SHA-256 is `secret_hash`; `id` is safe to show and log.
public struct SessionRecord: Hashable, Sendable {
    public var id: String
    public var username: String
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end, however active the session is.
    public var expiresAt: Date
    public var revokedAt: Date?
    public var address: String?
    public var userAgent: String?

    public init(
        id: String, username: String, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date,
        revokedAt: Date? = nil, address: String? = nil, userAgent: String? = nil
    ) {
        self.id = id
        self.username = username
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.address = address
        self.userAgent = userAgent
    }
}

extension WriteTransaction {
    public func insertUser(_ user: StoredUser) async throws {
        try await database.raw(
            """
            INSERT INTO users (username, display_name, role, jurisdiction, agency_id, unit_ids, password_hash,
                               disabled_at_ms, created_at_ms, updated_at_ms, phone)
            VALUES (\(bind: user.account.username), \(bind: user.account.displayName), \(bind: user.account.role.rawValue),
                    \(bind: user.account.jurisdiction.description), \(bind: user.account.agency?.rawValue),
                    \(bind: try StoredJSON.encode(user.account.units.sorted())), \(bind: user.passwordHash),
                    \(bind: user.account.disabled ? user.updatedAt.millisecondsSince1970 : nil),
                    \(bind: user.createdAt.millisecondsSince1970), \(bind: user.updatedAt.millisecondsSince1970),
                    \(bind: user.account.phone?.rawValue))
            """
        ).run()
    }

    /// Saves the account's fields (not its password) as of `at`.
    public func updateUser(_ account: UserAccount, at: Date) async throws {
        try await database.raw(
            """
            UPDATE users SET display_name = \(bind: account.displayName), role = \(bind: account.role.rawValue),
                jurisdiction = \(bind: account.jurisdiction.description), agency_id = \(bind: account.agency?.rawValue),
                unit_ids = \(bind: try StoredJSON.encode(account.units.sorted())), phone = \(bind: account.phone?.rawValue),
                disabled_at_ms = CASE WHEN \(bind: account.disabled) THEN COALESCE(disabled_at_ms, \(bind: at.millisecondsSince1970)) ELSE NULL END,
                updated_at_ms = \(bind: at.millisecondsSince1970)
            WHERE username = \(bind: account.username)
            """
        ).run()
    }

    public func setPasswordHash(_ hash: String, of username: String, at: Date) async throws {
        try await database.update("users").set("password_hash", to: hash)
            .set("updated_at_ms", to: at.millisecondsSince1970).where("username", .equal, username).run()
    }

    public func insertSession(_ session: SessionRecord, secretHash: String) async throws {
        try await database.raw(
            """
            INSERT INTO sessions (id, secret_hash, username, csrf_token, created_at_ms, last_seen_at_ms, expires_at_ms,
                                  address, user_agent)
            VALUES (\(bind: session.id), \(bind: secretHash), \(bind: session.username), \(bind: session.csrfToken),
                    \(bind: session.createdAt.millisecondsSince1970), \(bind: session.lastSeenAt.millisecondsSince1970),
                    \(bind: session.expiresAt.millisecondsSince1970), \(bind: session.address), \(bind: session.userAgent))
            """
        ).run()
    }

    public func touchSession(_ id: String, at: Date) async throws {
        try await database.update("sessions").set("last_seen_at_ms", to: at.millisecondsSince1970)
            .where("id", .equal, id).run()
    }

    /// Revokes one session, or with `username` every open session of that user; returns how many were open.
    @discardableResult
    public func revokeSessions(id: String? = nil, username: String? = nil, at: Date) async throws -> Int {
        var update = database.update("sessions").set("revoked_at_ms", to: at.millisecondsSince1970)
            .where("revoked_at_ms", .is, SQLLiteral.null)
        if let id { update = update.where("id", .equal, id) }
        if let username { update = update.where("username", .equal, username) }
        let open = try await reader.openSessionIDs(id: id, username: username)
        try await update.run()
        return open.count
    }
}

extension StoreReader {
    public func user(_ username: String) async throws -> StoredUser? {
        try await database.raw("\(unsafeRaw: Self.userColumns) WHERE username = \(bind: username)").first().map(
            Self.decodeUser)
    }

    /// Users whose authority lies within `jurisdiction`, by username.
    public func users(within jurisdiction: Jurisdiction) async throws -> [StoredUser] {
        try await database.raw("\(unsafeRaw: Self.userColumns) ORDER BY username").all().map(Self.decodeUser)
            .filter { jurisdiction.covers($0.account.jurisdiction) }
    }

    /// The session whose cookie secret hashes to `secretHash`, with its user.
    public func session(secretHash: String) async throws -> (SessionRecord, StoredUser)? {
        guard
            let row = try await database.raw(
                "\(unsafeRaw: Self.sessionColumns) WHERE secret_hash = \(bind: secretHash)"
            ).first()
        else { return nil }
        let session = try Self.decodeSession(row)
        guard let user = try await user(session.username) else { return nil }
        return (session, user)
    }

    /// The sessions with these ids, by id, each with its user (revoked and expired ones too); ids not found, or
    /// whose user is gone, are absent.
    public func sessions(ids: Set<String>) async throws -> [String: (SessionRecord, StoredUser)] {
        guard !ids.isEmpty else { return [:] }
        let sessions = try await database.raw(
            "\(unsafeRaw: Self.sessionColumns) WHERE id IN (\(binds: ids.sorted()))"
        ).all().map(Self.decodeSession)
        let usernames = Set(sessions.map(\.username))
        guard !usernames.isEmpty else { return [:] }
        let users = try await database.raw(
            "\(unsafeRaw: Self.userColumns) WHERE username IN (\(binds: usernames.sorted()))"
        ).all().map(Self.decodeUser)
        let byName = Dictionary(users.map { ($0.account.username, $0) }) { first, _ in first }
        var found: [String: (SessionRecord, StoredUser)] = [:]
        for session in sessions {
            if let user = byName[session.username] { found[session.id] = (session, user) }
        }
        return found
    }

    /// Sessions of `username` (all users when nil) that are not revoked and not past their absolute end.
    public func openSessions(of username: String?, at: Date) async throws -> [SessionRecord] {
        let user = username.map { SQLQueryString("AND username = \(bind: $0)") } ?? ""
        return try await database.raw(
            """
            \(unsafeRaw: Self.sessionColumns)
            WHERE revoked_at_ms IS NULL AND expires_at_ms > \(bind: at.millisecondsSince1970) \(user)
            ORDER BY created_at_ms DESC
            """
        ).all().map(Self.decodeSession)
    }

    func openSessionIDs(id: String?, username: String?) async throws -> [String] {
        var select = database.select().column("id").from("sessions").where("revoked_at_ms", .is, SQLLiteral.null)
        if let id { select = select.where("id", .equal, id) }
        if let username { select = select.where("username", .equal, username) }
        return try await select.all().map { try $0.decode(column: "id", as: String.self) }
    }

    static let userColumns = """
        SELECT username, display_name, role, jurisdiction, agency_id, unit_ids, password_hash, disabled_at_ms,
               created_at_ms, updated_at_ms, phone FROM users
        """

    static let sessionColumns = """
        SELECT id, username, csrf_token, created_at_ms, last_seen_at_ms, expires_at_ms, revoked_at_ms, address,
               user_agent FROM sessions
        """

    static func decodeUser(_ row: any SQLRow) throws -> StoredUser {
        let username = try row.decode(column: "username", as: String.self)
        guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)),
            let jurisdiction = Jurisdiction(try row.decode(column: "jurisdiction", as: String.self))
        else { throw StoreError.corruptRow(table: "users", id: username) }
        let account = UserAccount(
            username: username, displayName: try row.decode(column: "display_name", as: String.self), role: role,
            jurisdiction: jurisdiction,
            agency: try row.decode(column: "agency_id", as: String?.self).map(AgencyID.init),
            units: Set(try StoredJSON.decode([UnitID].self, from: try row.decode(column: "unit_ids", as: String.self))),
            disabled: try row.decode(column: "disabled_at_ms", as: Int64?.self) != nil,
            phone: try row.decode(column: "phone", as: String?.self).flatMap(PhoneName.init))
        return StoredUser(
            account: account, passwordHash: try row.decode(column: "password_hash", as: String.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at_ms", as: Int64.self)))
    }

    static func decodeSession(_ row: any SQLRow) throws -> SessionRecord {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
        return SessionRecord(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            csrfToken: try row.decode(column: "csrf_token", as: String.self), createdAt: try date("created_at_ms")!,
            lastSeenAt: try date("last_seen_at_ms")!, expiresAt: try date("expires_at_ms")!,
            revokedAt: try date("revoked_at_ms"), address: try row.decode(column: "address", as: String?.self),
            userAgent: try row.decode(column: "user_agent", as: String?.self))
    }
}
