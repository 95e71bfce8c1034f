public import Foundation
import SQLKit
public import SiagaCore

/// Which audit entries to read, newest first.
public struct AuditQuery: Sendable {
    public var jurisdiction: Jurisdiction
    public var actions: [AuditAction]
    public var target: String?
    public var from: Date?
    public var before: Date?
    /// Entries with an id below this (the cursor of the previous page).
    public var beforeID: Int64?
    public var limit: Int

    public init(
        jurisdiction: Jurisdiction = .nation, actions: [AuditAction] = [], target: String? = nil, from: Date? = nil,
        before: Date? = nil, beforeID: Int64? = nil, limit: Int = 100
    ) {
        self.jurisdiction = jurisdiction
        self.actions = actions
        self.target = target
        self.from = from
        self.before = before
        self.beforeID = beforeID
        self.limit = limit
    }
}

extension WriteTransaction {
    /// Appends an entry in this transaction, so the audited change and its entry commit together.
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> Int64 {
        let row = try await database.raw(
            """
            INSERT INTO audit_log (at_ms, actor, action, target, region_code, address, detail)
            VALUES (\(bind: entry.at.millisecondsSince1970), \(bind: entry.actor.description), \(bind: entry.action.rawValue),
                    \(bind: entry.target), \(bind: entry.region?.rawValue), \(bind: entry.address),
                    \(bind: entry.detail.isEmpty ? nil : try StoredJSON.encode(entry.detail)))
            RETURNING id
            """
        ).first()
        return try row!.decode(column: "id", as: Int64.self)
    }
}

extension StoreReader {
    /// Entries matching `query`, newest first. Entries without a region (sign-ins of national accounts, say)
    /// are visible only to a national reader.
    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var select = database.select()
            .columns("id", "at_ms", "actor", "action", "target", "region_code", "address", "detail").from("audit_log")
        switch query.jurisdiction {
        case .nation: break
        case .province(let code):
            select = select.where(group: {
                $0.where("region_code", .equal, code).orWhere("region_code", .like, "\(code).%")
            })
        case .region(let code): select = select.where("region_code", .equal, code.rawValue)
        }
        if !query.actions.isEmpty { select = select.where("action", .in, query.actions.map(\.rawValue)) }
        if let target = query.target { select = select.where("target", .equal, target) }
        if let from = query.from { select = select.where("at_ms", .greaterThanOrEqual, from.millisecondsSince1970) }
        if let before = query.before { select = select.where("at_ms", .lessThan, before.millisecondsSince1970) }
        if let beforeID = query.beforeID { select = select.where("id", .lessThan, beforeID) }
        return try await select.orderBy("id", .descending).limit(query.limit).all().map(Self.decodeAudit)
    }

    /// How many `action` entries name `target` (or come from `address`) since `since`, counting only those after
    /// the latest `resetBy` entry for the same target: failed sign-ins since the last success.
    public func countAudit(
        _ action: AuditAction, target: String? = nil, address: String? = nil, since: Date, resetBy: AuditAction? = nil
    ) async throws -> Int {
        var from = since.millisecondsSince1970
        if let resetBy, let target,
            let last = try await database.select().column(SQLFunction("MAX", args: SQLColumn("at_ms")), as: "last")
                .from("audit_log").where("action", .equal, resetBy.rawValue).where("target", .equal, target).first()?
                .decode(column: "last", as: Int64?.self)
        {
            from = max(from, last + 1)
        }
        var select = database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
            .where("action", .equal, action.rawValue).where("at_ms", .greaterThanOrEqual, from)
        if let target { select = select.where("target", .equal, target) }
        if let address { select = select.where("address", .equal, address) }
        return try await select.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func decodeAudit(_ row: any SQLRow) throws -> AuditEntry {
        let id = try row.decode(column: "id", as: Int64.self)
        guard let action = AuditAction(rawValue: try row.decode(column: "action", as: String.self)),
            let actor = Actor(stored: try row.decode(column: "actor", as: String.self))
        else { throw StoreError.corruptRow(table: "audit_log", id: String(id)) }
        return AuditEntry(
            id: id, at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)), actor: actor,
            action: action, target: try row.decode(column: "target", as: String?.self),
            region: try row.decode(column: "region_code", as: String?.self).flatMap(RegionCode.init),
            address: try row.decode(column: "address", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self).map {
                try StoredJSON.decode([String: String].self, from: $0)
            } ?? [:])
    }
}
