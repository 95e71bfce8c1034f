/// A command that is well formed but not allowed in the current state. The server answers 422.
public enum TransitionError: Error, Hashable, Sendable {
    /// The incident's status does not allow this action (e.g. closing an incident that is not resolved).
    case incidentActionNotAllowed(IncidentAction, status: IncidentStatus)
    /// An incident must be classified before it is dispatched.
    case classificationRequired
    case unknownCategory(String)
    case unknownSubcategory(category: String, subcategory: String)
    case unknownAgency(AgencyID)
    /// The agency already has this incident.
    case alreadyDispatched(AgencyID)
    /// The call is already linked to this incident.
    case callAlreadyLinked(CallID)
    /// The command would change nothing (same priority, same classification).
    case unchanged(IncidentAction)
    /// The agency has no dispatch on this incident that the step could apply to.
    case noDispatch(AgencyID)
    /// The dispatch's status does not allow this step; `allowed` are the steps it does allow.
    case dispatchActionNotAllowed(DispatchAction, agency: AgencyID, status: DispatchStatus, allowed: [DispatchAction])
    /// Agencies are still working on the incident, so it cannot be resolved by hand yet.
    case activeDispatches([AgencyID])
    /// The agencies chosen differ from the matrix's proposal, which needs a reason.
    case deviationReasonRequired
    /// Forwarding needs at least one agency.
    case noAgencyChosen
    case unknownUnit(UnitID)
    /// The unit is another agency's, so this agency cannot send it.
    case unitOfAnotherAgency(UnitID, agency: AgencyID)
    /// The unit is already on a task (`status` says how far along): a unit works one incident at a time.
    case unitBusy(UnitID, status: UnitStatus)
    case unitOutOfService(UnitID)
    /// A unit step names a unit this dispatch did not send.
    case unitNotOnDispatch(UnitID)
    /// A system opened the incident and no call taker has verified it yet: it cannot be forwarded.
    case awaitingVerification
    /// Only an incident a system opened, not yet verified, can be verified.
    case notAwaitingVerification
    /// An incident is handed over to another region's center, never to its own.
    case transferToOwnRegion
    /// The incident is already offered to a neighbour (`peer`); that request is answered or withdrawn first.
    case transferPending(TransferID, peer: String)
    case unknownTransfer(TransferID)
    /// The request was already answered or withdrawn.
    case transferNotOpen(TransferID, state: IncidentTransfer.State)
    /// A request received from a neighbour was already answered or withdrawn.
    case receivedTransferNotPending(TransferID, state: ReceivedTransfer.State)

    /// The call's state does not allow this action (e.g. answering a call that has ended).
    case callActionNotAllowed(CallAction, status: CallStatus)
    /// An emergency disposition must name the incident the call belongs to.
    case incidentRequiredForEmergency
    /// Only emergency and duplicate calls may be linked to an incident.
    case incidentNotAllowed(CallDisposition)
    /// `abandoned` is for calls dropped before anyone answered; an answered call cannot be abandoned.
    case abandonedAfterAnswer
    /// The call is on this incident's timeline; its disposition may change between emergency and duplicate only.
    case callLinkedToIncident(IncidentID)
    /// The disposition (and incident) is already recorded.
    case dispositionUnchanged
    /// The call has no call-back task, or it is already done.
    case noOpenCallback
}
