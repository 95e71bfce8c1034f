import SiagaCore
import SiagaStore

/// Keeps both sides of a call–incident link in step, inside one write transaction: an incident opened from or
/// linked to a call marks the call as an emergency of that incident, and a call disposed as an emergency or
/// duplicate of an incident appears on that incident's timeline.
enum CallIncidentLink {
    /// After the incident side recorded `callID`: dispose the call as an emergency of `incident`.
    static func markCall(
        _ callID: CallID, of incident: Incident, in transaction: WriteTransaction, _ metadata: EventMetadata
    )
        async throws
    {
        let call = try await sameRegionCall(callID, incident.regionCode, transaction)
        if call.incidentID == incident.id, call.disposition?.mayLinkIncident == true { return }
        // Opening an incident from an SMS, AML or web report (or a call still ringing) is answering it.
        let commands: [CallCommand] =
            (call.status == .ringing ? [.answer] : []) + [
                .dispose(.emergency, incidentID: incident.id, note: call.note)
            ]
        let (_, events) = try CallService.apply(commands, to: call, metadata)
        _ = try await transaction.appendCall(events, to: call, metadata: metadata)
    }

    /// After the call side named an incident: record the call on the incident's timeline.
    static func linkIncident(of call: Call, in transaction: WriteTransaction, _ metadata: EventMetadata) async throws {
        guard let incidentID = call.incidentID, call.disposition?.mayLinkIncident == true else { return }
        guard let incident = try await transaction.reader.incident(incidentID) else {
            throw ValidationError([FieldError("incidentId", .unknownValue(allowed: []))])
        }
        guard incident.regionCode == call.regionCode else {
            throw ValidationError([FieldError("incidentId", .notAllowedHere)])
        }
        guard !incident.callIDs.contains(call.id) else { return }
        let rules = try await transaction.reader.incidentRules(for: incident.regionCode)
        let events = try IncidentLifecycle.decide(
            .linkCall(call.id, callerNumber: call.callerNumber, answeredAt: call.answeredAt), on: incident,
            rules: rules)
        _ = try await transaction.appendIncident(events, to: incident, metadata: metadata)
    }

    /// The call, which must exist and belong to `region`.
    static func sameRegionCall(_ id: CallID, _ region: RegionCode, _ transaction: WriteTransaction) async throws -> Call
    {
        guard let call = try await transaction.reader.call(id) else {
            throw ValidationError([FieldError("callId", .unknownValue(allowed: []))])
        }
        guard call.regionCode == region else { throw ValidationError([FieldError("callId", .notAllowedHere)]) }
        return call
    }
}
