import Foundation
import SiagaCore
import SiagaStore

/// Opens incidents and applies commands to them, each in one transaction.
struct IncidentService: Sendable {
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }

    /// Opens an incident; refused at once when the principal may not open one in the command's region.
    func create(_ command: CreateIncident, as acting: Acting) throws -> UnitOfWork<IncidentChange> {
        try acting.authorize(.incidentCreate, .region(command.regionCode))
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            try await create(command, metadata, in: transaction)
        }
    }

    func create(_ command: CreateIncident, _ metadata: EventMetadata, in transaction: WriteTransaction)
        async throws -> IncidentChange
    {
        let reader = transaction.reader
        guard let region = try await reader.region(command.regionCode) else {
            throw ValidationError([FieldError("regionCode", .unknownValue(allowed: []))])
        }
        var command = command
        // A coordinate names its kecamatan: routing rows for part of a region need it.
        command.location = command.location.map { LocationLookup.completing($0, in: region.code) }
        if let callID = command.callID {
            let call = try await CallIncidentLink.sameRegionCall(callID, region.code, transaction)
            command.callerNumber = command.callerNumber ?? call.callerNumber
            command.callAnsweredAt = call.answeredAt
        }
        let rules = try await reader.incidentRules(for: region.code)
        let number = try await transaction.nextIncidentNumber(
            region: region.code, day: LocalDay(metadata.at, in: region.timeZone))
        let id: IncidentID = dependencies.ids.next()
        let events = try IncidentLifecycle.create(command, id: id, number: number, rules: rules)
        var incident = try await transaction.createIncident(events, metadata: metadata)
        if let callID = command.callID {
            try await CallIncidentLink.markCall(callID, of: incident, in: transaction, metadata)
        }
        incident = try await Self.forwardIfAutomatic(
            incident, region: region, rules: rules, in: transaction, metadata.at)
        return IncidentChange(
            before: nil, after: incident, events: try await reader.incidentEvents(id),
            policy: try await transaction.responsePolicy(of: region.code).policy)
    }

    /// In a region that forwards P1 incidents automatically, forwards one as soon as it is classified P1, as
    /// Siaga112 itself.
    static func forwardIfAutomatic(
        _ incident: Incident, region: Region, rules: IncidentRules, in transaction: WriteTransaction, _ at: Date
    ) async throws -> Incident {
        guard region.policy.autoForwardP1 else { return incident }
        let proposal = try await transaction.reader.routingProposal(for: incident)?.restricted(to: rules.agencies)
        let events = DispatchLifecycle.automaticForward(incident, proposal: proposal, rules: rules)
        guard !events.isEmpty else { return incident }
        return try await transaction.appendIncident(
            events, to: incident, metadata: EventMetadata(at: at, actor: .system("auto-forward")))
    }

    /// Units follow their dispatch: assigned, en route, on scene, then available again when it ends.
    static func syncUnits(
        from before: Incident, to after: Incident, rules: IncidentRules, in transaction: WriteTransaction,
        _ metadata: EventMetadata
    ) async throws {
        for (index, dispatch) in after.dispatches.enumerated()
        where index >= before.dispatches.count || before.dispatches[index] != dispatch {
            for assigned in dispatch.units {
                guard var unit = rules.units[assigned.unitID] else { continue }
                let status = UnitStatus.following(dispatch.status)
                guard unit.status != status, unit.status != .outOfService else { continue }
                let change = UnitEvent.statusChanged(.init(from: unit.status, to: status))
                unit.status = status
                try await transaction.upsertUnit(unit)
                try await transaction.appendUnitEvents(
                    [change], unit: unit.id, region: after.regionCode, metadata: metadata)
            }
        }
    }

    /// Completes a command with what only the store knows: the caller number of a call being linked, and the
    /// matrix's proposal for a forward (whose agencies default to the proposal's).
    private func prepare(_ command: IncidentCommand, for incident: Incident, _ transaction: WriteTransaction)
        async throws -> IncidentCommand
    {
        switch command {
        case .linkCall(let callID, _, _):
            let call = try await CallIncidentLink.sameRegionCall(callID, incident.regionCode, transaction)
            return .linkCall(callID, callerNumber: call.callerNumber, answeredAt: call.answeredAt)
        case .locate(let location):
            try ValidationError.check(location.problems(outside: incident.regionCode))
            return .locate(LocationLookup.completing(location, in: incident.regionCode))
        case .forward(let agencies, _, let reason):
            let rules = try await transaction.reader.incidentRules(for: incident.regionCode)
            let proposal = try await transaction.reader.routingProposal(for: incident)?.restricted(to: rules.agencies)
            return .forward(
                agencies: agencies.isEmpty ? proposal?.agencies ?? [] : agencies, proposal: proposal, reason: reason)
        default:
            return command
        }
    }

    /// Whether everything recorded after `version` is the SLA engine's bookkeeping: a warning that fired while an
    /// operator was acknowledging must not turn the acknowledgement into a conflict.
    private static func onlyMarksSince(_ version: Int, of incident: Incident, _ transaction: WriteTransaction)
        async throws -> Bool
    {
        guard version > 0, version < incident.version else { return false }
        let since = try await transaction.reader.incidentEvents(incident.id).dropFirst(version)
        return since.allSatisfy { $0.event.isBookkeeping }
    }

    /// Audits that `principal` (an agency still working `incident`, as the policy decided) was shown its caller's
    /// number, and why.
    func recordCallerReveal(of incident: Incident, reason: String, to principal: Principal, address: String?)
        async throws
    {
        let entry = AuditEntry(
            at: dependencies.now().truncatedToMilliseconds, actor: principal.actor, action: .callerNumberRevealed,
            target: incident.number.description, region: incident.regionCode, address: address,
            detail: ["reason": reason, "agency": principal.agency?.rawValue ?? ""])
        try await dependencies.store.transaction { try await $0.appendAudit(entry) }
    }

    /// Applies `command` to the incident as the transaction sees it. Without `expectedVersion` (a photo, a
    /// phone's button) it applies to the incident as it is then.
    func execute(_ command: IncidentCommand, on id: IncidentID, expectedVersion: Int?, as acting: Acting)
        -> UnitOfWork<IncidentChange>
    {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            guard let incident = try await transaction.reader.incident(id) else {
                throw StoreError.incidentNotFound(id)
            }
            // Checked against the incident as this transaction sees it, so a dispatch changed meanwhile counts.
            let (permission, resource) = command.requirement(on: incident)
            try acting.authorize(permission, resource)
            if let expectedVersion, incident.version != expectedVersion,
                try await !Self.onlyMarksSince(expectedVersion, of: incident, transaction)
            {
                throw IncidentVersionConflict(
                    current: incident, policy: try await transaction.responsePolicy(of: incident.regionCode).policy,
                    callerView: acting.callerView)
            }
            return try await apply(command, to: incident, metadata, in: transaction)
        }
    }

    private func apply(
        _ command: IncidentCommand, to incident: Incident, _ metadata: EventMetadata, in transaction: WriteTransaction
    ) async throws -> IncidentChange {
        let rules = try await transaction.reader.incidentRules(for: incident.regionCode)
        let command = try await prepare(command, for: incident, transaction)
        let events = try IncidentLifecycle.decide(command, on: incident, rules: rules)
        var updated = try await transaction.appendIncident(events, to: incident, metadata: metadata)
        try await Self.syncUnits(from: incident, to: updated, rules: rules, in: transaction, metadata)
        if let region = try await transaction.reader.region(incident.regionCode) {
            updated = try await Self.forwardIfAutomatic(
                updated, region: region, rules: rules, in: transaction, metadata.at)
        }
        if case .linkCall(let callID, _, _) = command {
            try await CallIncidentLink.markCall(callID, of: updated, in: transaction, metadata)
        }
        let recorded = try await transaction.reader.incidentEvents(incident.id).suffix(
            updated.version - incident.version)
        return IncidentChange(
            before: incident, after: updated, events: Array(recorded),
            policy: try await transaction.responsePolicy(of: incident.regionCode).policy)
    }
}

/// What one write did to an incident: the incident before (nil when it was opened) and after, and the events it
/// recorded, an automatic forward included.
struct IncidentChange: Sendable {
    var before: Incident?
    var after: Incident
    var events: [Recorded<IncidentEvent>]
    /// The region's response policy in force, which the incident's deadlines follow.
    var policy: ResponsePolicy
}
