public import Foundation
import SQLKit
public import SiagaCore

/// An integration's API token. The secret is shown once at creation; only its SHA-256 is stored.
public struct TokenRecord: Hashable, Sendable {
    public var id: String
    /// Names the integration on timelines (`integration:<name>`), e.g. `pbx-sidoarjo`.
    public var name: String
    public var jurisdiction: Jurisdiction
    public var agency: AgencyID?
    public var permissions: Set<Permission>
    public var createdBy: Actor
    public var createdAt: Date
    public var revokedAt: Date?
    /// The start of the latest stretch of use (updated at most every quarter hour).
    public var lastUsedAt: Date?

    public init(
        id: String, name: String, jurisdiction: Jurisdiction, agency: AgencyID?, permissions: Set<Permission>,
        createdBy: Actor, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.permissions = permissions
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// The principal a request with this token acts as.
    public var principal: Principal {
        Principal(
            name: name, role: .integration, jurisdiction: jurisdiction, agency: agency, permissions: permissions,
            credential: .token(id: id))
    }
}

extension WriteTransaction {
    public func insertToken(_ token: TokenRecord, secretHash: String) async throws {
        try await database.raw(
            """
            INSERT INTO api_tokens (id, name, secret_hash, jurisdiction, agency_id, permissions, created_by, created_at_ms)
            VALUES (\(bind: token.id), \(bind: token.name), \(bind: secretHash), \(bind: token.jurisdiction.description),
                    \(bind: token.agency?.rawValue), \(bind: try StoredJSON.encode(token.permissions.sorted())),
                    \(bind: token.createdBy.description), \(bind: token.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Revokes the token; returns false when it was already revoked or does not exist.
    public func revokeToken(_ id: String, at: Date) async throws -> Bool {
        guard let token = try await reader.token(id: id), token.revokedAt == nil else { return false }
        try await database.update("api_tokens").set("revoked_at_ms", to: at.millisecondsSince1970)
            .where("id", .equal, id).run()
        return true
    }

    /// Records a use at `at` unless one was recorded since `quietSince`; returns whether it recorded (so exactly
    /// one of several concurrent first uses writes the audit entry).
    public func touchToken(_ id: String, at: Date, unlessUsedSince quietSince: Date) async throws -> Bool {
        try await database.raw(
            """
            UPDATE api_tokens SET last_used_at_ms = \(bind: at.millisecondsSince1970)
            WHERE id = \(bind: id) AND (last_used_at_ms IS NULL OR last_used_at_ms < \(bind: quietSince.millisecondsSince1970))
            RETURNING id
            """
        ).first() != nil
    }
}

extension StoreReader {
    public func token(secretHash: String) async throws -> TokenRecord? {
        try await database.raw("\(unsafeRaw: Self.tokenColumns) WHERE secret_hash = \(bind: secretHash)").first()
            .map(Self.decodeToken)
    }

    public func token(id: String) async throws -> TokenRecord? {
        try await database.raw("\(unsafeRaw: Self.tokenColumns) WHERE id = \(bind: id)").first().map(Self.decodeToken)
    }

    /// The tokens with these ids, by id (revoked ones too); ids not found are absent.
    public func tokens(ids: Set<String>) async throws -> [String: TokenRecord] {
        guard !ids.isEmpty else { return [:] }
        let tokens = try await database.raw("\(unsafeRaw: Self.tokenColumns) WHERE id IN (\(binds: ids.sorted()))")
            .all()
            .map(Self.decodeToken)
        return Dictionary(tokens.map { ($0.id, $0) }) { first, _ in first }
    }

    /// Tokens whose reach lies within `jurisdiction`, newest first.
    public func tokens(within jurisdiction: Jurisdiction) async throws -> [TokenRecord] {
        try await database.raw("\(unsafeRaw: Self.tokenColumns) ORDER BY created_at_ms DESC, id").all()
            .map(Self.decodeToken).filter { jurisdiction.covers($0.jurisdiction) }
    }

    static let tokenColumns = """
        SELECT id, name, jurisdiction, agency_id, permissions, created_by, created_at_ms, revoked_at_ms,
               last_used_at_ms FROM api_tokens
        """

    static func decodeToken(_ row: any SQLRow) throws -> TokenRecord {
        let id = try row.decode(column: "id", as: String.self)
        guard let jurisdiction = Jurisdiction(try row.decode(column: "jurisdiction", as: String.self)),
            let createdBy = Actor(stored: try row.decode(column: "created_by", as: String.self))
        else { throw StoreError.corruptRow(table: "api_tokens", id: id) }
        // A permission this version does not know (written by a newer one) is dropped, never widened.
        let permissions = try StoredJSON.decode(
            [String].self, from: try row.decode(column: "permissions", as: String.self)
        )
        .compactMap(Permission.init(rawValue:))
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
        }
        return TokenRecord(
            id: id, name: try row.decode(column: "name", as: String.self), jurisdiction: jurisdiction,
            agency: try row.decode(column: "agency_id", as: String?.self).map(AgencyID.init),
            permissions: Set(permissions), createdBy: createdBy, createdAt: try date("created_at_ms")!,
            revokedAt: try date("revoked_at_ms"), lastUsedAt: try date("last_used_at_ms"))
    }
}
