public import Foundation
import SQLKit
public import SiagaCore

/// One principal's open consoles on one server instance.
public struct ConsolePresence: Hashable, Sendable {
    /// The principal's actor (`petugas:username`, `integrasi:name`), which identifies it across instances.
    public var principal: String
    public var name: String
    public var role: Role
    public var agency: AgencyID?
    public var jurisdiction: Jurisdiction
    public var connections: Int
    public var since: Date

    public init(
        principal: String, name: String, role: Role, agency: AgencyID?, jurisdiction: Jurisdiction, connections: Int,
        since: Date
    ) {
        self.principal = principal
        self.name = name
        self.role = role
        self.agency = agency
        self.jurisdiction = jurisdiction
        self.connections = connections
        self.since = since
    }
}

extension WriteTransaction {
    /// Replaces what `instance` reported before with `consoles`, and forgets reports older than `expired`
    /// (instances that stopped without saying so).
    public func reportPresence(instance: String, _ consoles: [ConsolePresence], now: Date, expired: Date) async throws {
        try await database.raw(
            """
            DELETE FROM console_presence
            WHERE instance_id = \(bind: instance) OR seen_at_ms < \(bind: expired.millisecondsSince1970)
            """
        ).run()
        for console in consoles {
            try await database.raw(
                """
                INSERT INTO console_presence (instance_id, principal, name, role, agency_id, jurisdiction, connections,
                    since_ms, seen_at_ms)
                VALUES (\(bind: instance), \(bind: console.principal), \(bind: console.name),
                    \(bind: console.role.rawValue), \(bind: console.agency?.rawValue), \(bind: console.jurisdiction.description),
                    \(bind: console.connections), \(bind: console.since.millisecondsSince1970),
                    \(bind: now.millisecondsSince1970))
                """
            ).run()
        }
    }
}

extension StoreReader {
    /// Consoles other instances reported since `seenSince`.
    public func presence(otherThan instance: String, seenSince: Date) async throws -> [ConsolePresence] {
        try await database.raw(
            """
            SELECT principal, name, role, agency_id, jurisdiction, connections, since_ms FROM console_presence
            WHERE instance_id <> \(bind: instance) AND seen_at_ms >= \(bind: seenSince.millisecondsSince1970)
            """
        ).all().compactMap { row in
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)),
                let jurisdiction = Jurisdiction(try row.decode(column: "jurisdiction", as: String.self))
            else { return nil }
            return ConsolePresence(
                principal: try row.decode(column: "principal", as: String.self),
                name: try row.decode(column: "name", as: String.self), role: role,
                agency: try row.decode(column: "agency_id", as: String?.self).map(AgencyID.init),
                jurisdiction: jurisdiction, connections: try row.decode(column: "connections", as: Int.self),
                since: Date(millisecondsSince1970: try row.decode(column: "since_ms", as: Int64.self)))
        }
    }
}
