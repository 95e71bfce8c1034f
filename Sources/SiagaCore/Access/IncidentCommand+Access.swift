extension Incident {
    /// The facts about this incident that authorization needs.
    public var access: IncidentAccess {
        IncidentAccess(
            region: regionCode, dispatchedTo: Set(dispatches.map(\.agencyID)),
            workingAgencies: Set(activeDispatches.map(\.agencyID)))
    }
}

extension IncidentCommand {
    /// The permission this command needs, and on what.
    ///
    /// An agency works its own dispatch (acknowledge, assign, progress, complete, decline); re-routing or
    /// cancelling a dispatch is the command center's decision, as are closing and reopening the incident.
    public func requirement(on incident: Incident) -> (Permission, Resource) {
        switch self {
        case .updateDispatch(let agency, let command):
            switch command {
            case .reroute, .cancel: (.incidentUpdate, .incident(incident.access))
            default: (.dispatchUpdate, .dispatch(incident.regionCode, agency: agency))
            }
        case .reportFieldStep(let unit, let agency, _):
            (.unitReport, .unit(incident.regionCode, agency: agency, unit: unit))
        case .addAttachment: (.incidentAttach, .incident(incident.access))
        case .close, .reopen: (.incidentSupervise, .incident(incident.access))
        default: (.incidentUpdate, .incident(incident.access))
        }
    }

    /// Every permission some command needs: a principal holding none of them may issue no command at all.
    public static let permissions: Set<Permission> = [
        .incidentUpdate, .dispatchUpdate, .incidentAttach, .incidentSupervise, .unitReport,
    ]
}
