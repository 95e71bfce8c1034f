import Foundation
import SiagaCore
import SiagaStore

/// Who has a console open, across every server instance: this instance's own consoles, read live, and the
/// others', as each instance reports them every ``interval`` to the store.
struct ConsolePresenceBoard {
    /// How often an instance reports its consoles.
    static let interval: Duration = .seconds(15)
    /// A report older than this is from an instance that has stopped.
    static let expiry: TimeInterval = 45

    let dependencies: Dependencies

    /// Writes this instance's consoles; returns how many principals it reported.
    func report() async throws -> Int {
        let consoles = await local()
        let now = dependencies.now()
        try await dependencies.store.transaction { transaction in
            try await transaction.reportPresence(
                instance: dependencies.instanceID, consoles, now: now, expired: now.addingTimeInterval(-Self.expiry))
        }
        return consoles.count
    }

    /// Everyone connected anywhere whose jurisdiction reaches `region`, one entry per principal.
    func connected(in region: RegionCode) async throws -> [ConsolePresence] {
        let now = dependencies.now()
        let elsewhere = try await dependencies.store.read {
            try await $0.presence(otherThan: dependencies.instanceID, seenSince: now.addingTimeInterval(-Self.expiry))
        }
        var merged: [String: ConsolePresence] = [:]
        for console in await local() + elsewhere
        where console.jurisdiction.covers(region) || console.jurisdiction.singleRegion == region {
            if var earlier = merged[console.principal] {
                earlier.connections += console.connections
                earlier.since = min(earlier.since, console.since)
                merged[console.principal] = earlier
            } else {
                merged[console.principal] = console
            }
        }
        return merged.values.sorted { $0.name < $1.name }
    }

    private func local() async -> [ConsolePresence] {
        await dependencies.live.connected().map {
            ConsolePresence(
                principal: $0.principal.actor.description, name: $0.principal.name, role: $0.principal.role,
                agency: $0.principal.agency, jurisdiction: $0.principal.jurisdiction, connections: $0.connections,
                since: $0.since)
        }
    }
}
