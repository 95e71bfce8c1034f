/// The incident state machine: decides which events a command produces, or why it may not.
///
/// Pure: no clock, no store. The transition table is ``IncidentStatus/allows(_:)``; this type adds the rules
/// that depend on the incident's content (classified before dispatch, one dispatch per agency…).
public enum IncidentLifecycle {
    /// Priority of an incident opened before anyone knows what it is: urgent until classified, so a real
    /// emergency is never parked at the bottom of the board.
    public static let unclassifiedPriority = Priority.p2

    /// The events that open an incident: `created`, then `callLinked` when it came from a call.
    public static func create(
        _ command: CreateIncident,
        id: IncidentID,
        number: IncidentNumber,
        rules: IncidentRules
    ) throws(TransitionError) -> [IncidentEvent] {
        precondition(number.region == command.regionCode, "the number must belong to the incident's region")
        if let classification = command.classification { try rules.categories.validate(classification) }
        let proposed = command.classification.map(rules.categories.defaultPriority(for:)) ?? unclassifiedPriority
        var events: [IncidentEvent] = [
            .created(
                .init(
                    id: id, number: number, classification: command.classification,
                    priority: command.priority ?? proposed, priorityIsManual: command.priority != nil,
                    location: command.location, description: command.description,
                    callerNumber: command.callerNumber, callerName: command.callerName,
                    verification: command.verification))
        ]
        if let callID = command.callID {
            events.append(
                .callLinked(
                    .init(callID: callID, callerNumber: command.callerNumber, answeredAt: command.callAnsweredAt)))
        }
        if let origin = command.transferredFrom { events.append(.transferReceived(origin)) }
        return events
    }

    /// The events `command` produces on `incident`.
    public static func decide(
        _ command: IncidentCommand,
        on incident: Incident,
        rules: IncidentRules
    ) throws(TransitionError) -> [IncidentEvent] {
        guard incident.status.allows(command.action) else {
            throw .incidentActionNotAllowed(command.action, status: incident.status)
        }
        switch command {
        case .classify(let classification, let priority):
            return try classify(incident, classification, priority, rules)
        case .locate(let location):
            return [.located(location)]
        case .changePriority(let priority, let reason):
            guard priority != incident.priority else { throw .unchanged(.changePriority) }
            return [.priorityChanged(.init(from: incident.priority, to: priority, reason: reason))]
        case .addNote(let text):
            return [.noteAdded(.init(text: text))]
        case .transfer(let transfer):
            return try TransferLifecycle.decide(transfer, on: incident)
        case .verify(let note):
            guard incident.awaitsVerification else { throw .notAwaitingVerification }
            return [.verified(.init(note: note))]
        case .addAttachment(let attachment):
            if let agency = attachment.agencyID, incident.currentDispatch(of: agency) == nil {
                throw .noDispatch(agency)
            }
            return [.attachmentAdded(attachment)]
        case .linkCall(let callID, let callerNumber, let answeredAt):
            guard !incident.callIDs.contains(callID) else { throw .callAlreadyLinked(callID) }
            return [.callLinked(.init(callID: callID, callerNumber: callerNumber, answeredAt: answeredAt))]
        case .dispatch where incident.awaitsVerification, .forward where incident.awaitsVerification:
            throw .awaitingVerification
        case .dispatch(let agencyID, let note):
            return try DispatchLifecycle.dispatch(incident, agencyID, note: note, rules: rules)
        case .forward(let agencies, let proposal, let reason):
            return try DispatchLifecycle.forward(
                incident, agencies: agencies, proposal: proposal, reason: reason, rules: rules)
        case .updateDispatch(let agency, let step), .reportFieldStep(_, let agency, let step):
            return try DispatchLifecycle.step(step, of: agency, on: incident, rules: rules)
        case .resolve(let summary):
            let active = incident.activeDispatches.map(\.agencyID)
            guard active.isEmpty else { throw .activeDispatches(active) }
            return [.resolved(.init(summary: summary))]
        case .close(let note):
            return [.closed(.init(note: note))]
        case .reopen(let reason):
            return [.reopened(.init(reason: reason))]
        case .cancel(let reason):
            return DispatchLifecycle.cancelAll(incident, reason: reason) + [.cancelled(.init(reason: reason))]
        }
    }

    private static func classify(
        _ incident: Incident,
        _ classification: Classification,
        _ priority: Priority?,
        _ rules: IncidentRules
    ) throws(TransitionError) -> [IncidentEvent] {
        try rules.categories.validate(classification)
        // A priority a person chose survives reclassification unless they choose again.
        let isManual = priority != nil || incident.priorityIsManual
        let resulting =
            priority
            ?? (incident.priorityIsManual ? incident.priority : rules.categories.defaultPriority(for: classification))
        guard classification != incident.classification || resulting != incident.priority else {
            throw .unchanged(.classify)
        }
        return [.classified(.init(classification: classification, priority: resulting, priorityIsManual: isManual))]
    }
}
