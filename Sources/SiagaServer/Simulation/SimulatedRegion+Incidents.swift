import Foundation
import SiagaCore
import SiagaStore

extension SimulatedRegion {
    /// The call taker opens the incident from the call, which becomes its emergency call.
    func openIncident(from callID: CallID, _ scenario: DemoScenario, at time: Date, _ transaction: WriteTransaction)
        async throws
    {
        guard let call = calls[callID] else { return }
        let actor = call.callTaker ?? operatorOnShift(at: time)
        var command = CreateIncident(
            regionCode: region.code,
            classification: Classification(category: scenario.category, subcategory: scenario.subcategory),
            location: data.randomLocation(using: &random), description: scenario.description, callID: callID)
        command.callerNumber = call.callerNumber
        command.callAnsweredAt = call.answeredAt
        let id: IncidentID = ids.next()
        let number = try await transaction.nextIncidentNumber(
            region: region.code, day: LocalDay(time, in: region.timeZone))
        let events = try IncidentLifecycle.create(command, id: id, number: number, rules: rules)
        let metadata = EventMetadata(at: time, actor: actor)
        var incident = try await transaction.createIncident(events, metadata: metadata)
        summary.incidents += 1
        summary.events += events.count
        incidents[id] = incident
        try await updateCall(callID, [.dispose(.emergency, incidentID: id, note: nil)], at: time, transaction)
        if region.policy.autoForwardP1 {
            let forward = DispatchLifecycle.automaticForward(incident, proposal: proposal(for: incident), rules: rules)
            if !forward.isEmpty {
                incident = try await append(forward, to: incident, at: time, by: .system("auto-forward"), transaction)
            }
        }
        recent.append(id)
        schedule(.endCall(callID), at: time.addingTimeInterval(Double.random(in: 10...40, using: &random)))
        schedule(
            .forward(id, summary: scenario.resolution),
            at: time.addingTimeInterval(random.delay(usually: 5...20, sometimes: 40...150, share: 0.1)))
    }

    /// Sends the incident as the matrix proposes (unless it went automatically), and each agency's operator
    /// acknowledges it and sends a team.
    func forward(_ id: IncidentID, summary: String, at time: Date, _ transaction: WriteTransaction) async throws {
        guard var incident = incidents[id] else { return }
        if incident.dispatches.isEmpty {
            let proposal = proposal(for: incident)
            incident = try await command(
                .forward(agencies: proposal?.agencies ?? [], proposal: proposal, reason: nil), id, at: time,
                by: operatorOnShift(at: time), transaction)
        }
        for dispatch in incident.activeDispatches {
            // Most agencies acknowledge within a minute; some are slow, which is what the SLA engine watches.
            let acknowledged = time.addingTimeInterval(
                random.delay(usually: 10...50, sometimes: 60...1200, share: 0.15))
            schedule(.acknowledge(id, dispatch.agencyID), at: acknowledged)
            schedule(
                .sendUnit(id, dispatch.agencyID, summary: summary),
                at: acknowledged.addingTimeInterval(random.delay(usually: 20...100, sometimes: 120...900, share: 0.15)))
        }
    }

    /// The agency sends its first free unit (en route, on scene, then done); without one free it handles the
    /// incident otherwise (a patrol, volunteers) and reports it done.
    func sendUnit(_ id: IncidentID, _ agency: AgencyID, summary: String, at time: Date, _ transaction: WriteTransaction)
        async throws
    {
        guard incidents[id] != nil else { return }
        let done = Double.random(in: 1800...7200, using: &random)
        guard let unit = unitsByAgency[agency]?.first(where: { !busyUnits.contains($0) }) else {
            schedule(.complete(id, agency, summary: summary), at: time.addingTimeInterval(done))
            return
        }
        busyUnits.insert(unit)
        try await command(
            .updateDispatch(agency, .assignUnit(unit)), id, at: time, by: agencyOperator(agency), transaction)
        let rolling = time.addingTimeInterval(Double.random(in: 30...120, using: &random))
        let arrived = rolling.addingTimeInterval(random.delay(usually: 180...720, sometimes: 720...2400, share: 0.15))
        schedule(.unitStep(id, agency, .markEnRoute(unit)), at: rolling)
        schedule(.unitStep(id, agency, .markOnScene(unit)), at: arrived)
        schedule(.complete(id, agency, summary: summary), at: arrived.addingTimeInterval(done))
    }

    func complete(_ id: IncidentID, _ agency: AgencyID, summary: String, at time: Date, _ transaction: WriteTransaction)
        async throws
    {
        guard let incident = incidents[id], let dispatch = incident.currentDispatch(of: agency) else { return }
        for assigned in dispatch.units { busyUnits.remove(assigned.unitID) }
        let resolved = try await command(
            .updateDispatch(agency, .complete(DispatchOutcome(summary: summary))), id, at: time,
            by: agencyOperator(agency), transaction)
        if resolved.status == .resolved {
            schedule(.close(id), at: time.addingTimeInterval(Double.random(in: 2 * 3600...4 * 3600, using: &random)))
        }
    }

    /// The SLA engine's round: the warnings and breaches due by `time`, as `system:sla`.
    func watch(_ id: IncidentID, at time: Date, _ transaction: WriteTransaction) async throws {
        // A round scheduled before the incident moved on is superseded by the one scheduled since.
        guard watches[id] == time, let incident = incidents[id] else { return }
        watches[id] = nil
        let marks = ResponseWatch.due(incident, policy: policy, now: time)
        if marks.isEmpty {
            // Nothing due now (a step was done meanwhile): watch the next stage, if it is still ahead.
            if let next = ResponseWatch.nextDue(incident, policy: policy.policy), next > time {
                scheduleWatch(incident, after: time)
            }
        } else {
            summary.marks += marks.count
            try await append(marks, to: incident, at: time, by: .system("sla"), transaction)
        }
    }

    @discardableResult
    func command(
        _ command: IncidentCommand, _ id: IncidentID, at time: Date, by actor: Actor, _ transaction: WriteTransaction
    ) async throws -> Incident {
        guard let incident = incidents[id] else { preconditionFailure("an incident in play") }
        let events = try IncidentLifecycle.decide(command, on: incident, rules: rules)
        return try await append(events, to: incident, at: time, by: actor, transaction)
    }

    @discardableResult
    func append(
        _ events: [IncidentEvent], to incident: Incident, at time: Date, by actor: Actor,
        _ transaction: WriteTransaction
    ) async throws -> Incident {
        let updated = try await transaction.appendIncident(
            events, to: incident, metadata: EventMetadata(at: time, actor: actor))
        summary.events += events.count
        incidents[incident.id] = updated
        scheduleWatch(updated, after: time)
        return updated
    }

    /// Schedules the incident's next SLA round, once per due moment.
    private func scheduleWatch(_ incident: Incident, after time: Date) {
        guard let next = ResponseWatch.nextDue(incident, policy: policy.policy) else { return }
        let due = max(next, time).truncatedToMilliseconds
        guard watches[incident.id] != due else { return }
        watches[incident.id] = due
        schedule(.watch(incident.id), at: due)
    }

    private func proposal(for incident: Incident) -> RoutingProposal? {
        guard let classification = incident.classification, let matrix else { return nil }
        return matrix.matrix.route(
            classification, kecamatan: incident.location?.kecamatanCode, version: matrix.version
        ).restricted(to: rules.agencies)
    }
}
