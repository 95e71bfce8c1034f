import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport

/// Writes used across the store tests, through the same lifecycle functions as the server.
extension SQLStore {
    /// Opens an incident in Sidoarjo at `at`; returns it as stored.
    func openIncident(
        at: Date = .t0,
        description: String = "Kebakaran rumah warga",
        category: String? = "kebakaran",
        region: Region = .sidoarjo,
        claim: IdempotencyClaim? = nil
    ) async throws -> (Incident, WriteOutcome) {
        let metadata = EventMetadata(at: at, actor: .callTaker)
        var opened: Incident?
        let outcome = try await write(idempotency: claim, now: at) { transaction in
            let number = try await transaction.nextIncidentNumber(
                region: region.code, day: LocalDay(at, in: region.timeZone))
            let events = try IncidentLifecycle.create(
                CreateIncident(
                    regionCode: region.code, classification: category.map { Classification(category: $0) },
                    description: description),
                id: IncidentID(UUID().uuidString), number: number, rules: .demo)
            let incident = try await transaction.createIncident(events, metadata: metadata)
            opened = incident
            return StoredResponse(status: 201, body: "{\"id\":\"\(incident.id)\"}")
        }
        if let opened { return (opened, outcome) }
        let id = outcome.response.body.split(separator: "\"")[3]
        return (try await read { try await $0.incident(IncidentID(String(id))) }!, outcome)
    }

    /// Records a call ringing in Sidoarjo, reported by the PBX.
    func receiveCall(_ id: CallID, at: Date = .t0) async throws {
        _ = try await write(now: at) { transaction in
            let ring = ReceiveCall(regionCode: Region.sidoarjo.code, channel: .voice112, callerNumber: nil)
            _ = try await transaction.createCall(
                CallLifecycle.receive(ring, id: id, now: at), metadata: EventMetadata(at: at, actor: .telephony))
            return StoredResponse(status: 201, body: "{}")
        }
    }

    /// Applies `command` to the incident as the caller last saw it (which may be stale).
    @discardableResult
    func apply(_ command: IncidentCommand, to seen: Incident, at: Date = .t0) async throws -> Incident {
        var result: Incident?
        _ = try await write(now: at) { transaction in
            guard let current = try await transaction.reader.incident(seen.id) else {
                throw StoreError.incidentNotFound(seen.id)
            }
            guard current.version == seen.version else {
                throw StoreError.versionConflict(expected: seen.version, actual: current.version)
            }
            let events = try IncidentLifecycle.decide(command, on: current, rules: .demo)
            result = try await transaction.appendIncident(
                events, to: current, metadata: EventMetadata(at: at, actor: .callTaker))
            return StoredResponse(status: 201, body: "{}")
        }
        return result!
    }
}
