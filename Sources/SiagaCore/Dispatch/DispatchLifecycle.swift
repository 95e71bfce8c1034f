/// The dispatch state machine: forwarding an incident to agencies, and each agency's steps until it is done.
///
/// Pure, like ``IncidentLifecycle`` which calls it. The transition table is ``DispatchStatus/nextActions``.
public enum DispatchLifecycle {
    /// Forwards to `agencies` (in order, repeats ignored). With a `proposal`, a choice that differs from it needs a
    /// `reason`, and both are recorded.
    static func forward(
        _ incident: Incident,
        agencies: [AgencyID],
        proposal: RoutingProposal?,
        reason: String?,
        rules: IncidentRules
    ) throws(TransitionError) -> [IncidentEvent] {
        guard incident.classification != nil else { throw .classificationRequired }
        var seen: Set<AgencyID> = []
        let chosen = agencies.filter { seen.insert($0).inserted }
        guard !chosen.isEmpty else { throw .noAgencyChosen }
        for agency in chosen { try checkCanDispatch(agency, on: incident, rules) }
        let forwarded = IncidentEvent.Forwarded(
            proposed: proposal?.agencies ?? [], matrixVersion: proposal?.matrixVersion, chosen: chosen, reason: reason)
        if proposal != nil, forwarded.deviates, reason == nil { throw .deviationReasonRequired }
        return [.forwarded(forwarded)]
            + chosen.map {
                .dispatched(
                    .init(
                        agencyID: $0, note: nil, channel: rules.channel(of: $0), matrixVersion: proposal?.matrixVersion)
                )
            }
    }

    /// The forward a region with automatic P1 forwarding makes itself: when `incident` is a P1 nobody has been
    /// sent to yet and the matrix proposes agencies, forward to them; otherwise nothing.
    public static func automaticForward(_ incident: Incident, proposal: RoutingProposal?, rules: IncidentRules)
        -> [IncidentEvent]
    {
        // An incident a system opened is forwarded only once a call taker verified it.
        guard incident.priority == .p1, incident.status == .logged, !incident.awaitsVerification, let proposal,
            !proposal.isFallback, !proposal.agencies.isEmpty
        else { return [] }
        return (try? forward(incident, agencies: proposal.agencies, proposal: proposal, reason: nil, rules: rules))
            ?? []
    }

    /// Dispatches one more agency (a supervisor adding PMI, say).
    static func dispatch(_ incident: Incident, _ agency: AgencyID, note: String?, rules: IncidentRules)
        throws(TransitionError) -> [IncidentEvent]
    {
        guard incident.classification != nil else { throw .classificationRequired }
        try checkCanDispatch(agency, on: incident, rules)
        return [
            .dispatched(.init(agencyID: agency, note: note, channel: rules.channel(of: agency), matrixVersion: nil))
        ]
    }

    /// One step of `agency`'s dispatch. Completing the last active dispatch also resolves the incident.
    static func step(
        _ command: DispatchCommand,
        of agency: AgencyID,
        on incident: Incident,
        rules: IncidentRules
    ) throws(TransitionError) -> [IncidentEvent] {
        guard let dispatch = incident.currentDispatch(of: agency) else { throw .noDispatch(agency) }
        guard dispatch.status.allows(command.action) else {
            throw .dispatchActionNotAllowed(
                command.action, agency: agency, status: dispatch.status, allowed: dispatch.status.nextActions)
        }
        switch command {
        case .acknowledge(let person, let channel):
            return [
                .dispatchAcknowledged(
                    .init(agencyID: agency, acknowledgedBy: person, channel: channel ?? dispatch.channel))
            ]
        case .assignUnit(let unitID):
            guard !dispatch.units.contains(where: { $0.unitID == unitID }) else { throw .unchanged(.updateDispatch) }
            let unit = try availableUnit(unitID, of: agency, rules)
            return [.unitAssigned(.init(agencyID: agency, unitID: unitID, callsign: unit.callsign))]
        case .markEnRoute(let unit):
            try checkAssigned(unit, to: dispatch)
            return [.dispatchEnRoute(.init(agencyID: agency, unitID: unit))]
        case .markOnScene(let unit):
            try checkAssigned(unit, to: dispatch)
            return [.dispatchOnScene(.init(agencyID: agency, unitID: unit))]
        case .complete(let outcome):
            return resolvingIfLast(incident, agency, [.dispatchCompleted(.init(agencyID: agency, outcome: outcome))])
        case .decline(let reason):
            return [.dispatchDeclined(.init(agencyID: agency, reason: reason))]
        case .reroute(let target, let reason):
            guard target != agency else { throw .alreadyDispatched(target) }
            try checkCanDispatch(target, on: incident, rules)
            return [
                .dispatchRerouted(.init(from: agency, to: target, reason: reason, channel: rules.channel(of: target)))
            ]
        case .cancel(let reason):
            return resolvingIfLast(incident, agency, [.dispatchCancelled(.init(agencyID: agency, reason: reason))])
        }
    }

    /// Cancelling an incident withdraws every active dispatch first.
    static func cancelAll(_ incident: Incident, reason: String) -> [IncidentEvent] {
        incident.activeDispatches.map { .dispatchCancelled(.init(agencyID: $0.agencyID, reason: reason)) }
    }

    private static func checkCanDispatch(_ agency: AgencyID, on incident: Incident, _ rules: IncidentRules)
        throws(TransitionError)
    {
        guard rules.agencies.contains(agency) else { throw .unknownAgency(agency) }
        guard incident.currentDispatch(of: agency).map({ $0.status.isTerminal }) ?? true else {
            throw .alreadyDispatched(agency)
        }
    }

    /// A unit named in a step must be one the dispatch sent.
    private static func checkAssigned(_ unit: UnitID?, to dispatch: Dispatch) throws(TransitionError) {
        if let unit, !dispatch.units.contains(where: { $0.unitID == unit }) { throw .unitNotOnDispatch(unit) }
    }

    private static func availableUnit(_ id: UnitID, of agency: AgencyID, _ rules: IncidentRules) throws(TransitionError)
        -> ResponseUnit
    {
        guard let unit = rules.units[id] else { throw .unknownUnit(id) }
        guard unit.agencyID == agency else { throw .unitOfAnotherAgency(id, agency: unit.agencyID) }
        switch unit.status {
        case .available: return unit
        case .outOfService: throw .unitOutOfService(id)
        // A unit works one incident at a time: one already assigned elsewhere is not available.
        case .assigned, .enRoute, .onScene: throw .unitBusy(id, status: unit.status)
        }
    }

    /// Appends `resolved` when `events` end the last active dispatch and at least one agency completed: the
    /// incident is handled once every agency is done.
    private static func resolvingIfLast(_ incident: Incident, _ agency: AgencyID, _ events: [IncidentEvent])
        -> [IncidentEvent]
    {
        let othersActive = incident.activeDispatches.contains { $0.agencyID != agency }
        // An agency that declined and was not re-routed still owes the caller help: the supervisor decides.
        let declined = incident.currentDispatches.contains { $0.status == .declined && $0.agencyID != agency }
        guard !declined else { return events }
        var outcomes = incident.dispatches.compactMap { $0.outcome?.summary }
        if case .dispatchCompleted(let completed) = events.last { outcomes.append(completed.outcome.summary) }
        guard !othersActive, !outcomes.isEmpty else { return events }
        return events + [.resolved(.init(summary: outcomes.joined(separator: " ")))]
    }
}

extension Incident {
    /// The agency's latest dispatch on this incident (an agency may be dispatched again after declining).
    public func currentDispatch(of agency: AgencyID) -> Dispatch? { dispatches.last { $0.agencyID == agency } }

    /// Dispatches still being worked on.
    public var activeDispatches: [Dispatch] { dispatches.filter { !$0.status.isTerminal } }

    /// Each agency's latest dispatch.
    public var currentDispatches: [Dispatch] {
        var seen: Set<AgencyID> = []
        return dispatches.reversed().filter { seen.insert($0.agencyID).inserted }.reversed()
    }

    /// An agency declined and nobody has taken its place, or no agency is working on the incident at all (every
    /// dispatch cancelled, or reopened after its agencies finished): the supervisor must send someone.
    public var needsRerouting: Bool {
        status == .dispatched && (currentDispatches.contains { $0.status == .declined } || activeDispatches.isEmpty)
    }
}
