extension Incident {
    /// Applies a dispatch event; called by ``evolve(_:_:)``.
    mutating func evolveDispatch(_ event: IncidentEvent, _ metadata: EventMetadata) {
        switch event {
        case .dispatched(let dispatched):
            dispatches.append(
                Dispatch(
                    agencyID: dispatched.agencyID, channel: dispatched.channel ?? .console,
                    matrixVersion: dispatched.matrixVersion, note: dispatched.note, dispatchedAt: metadata.at,
                    dispatchedBy: metadata.actor))
            status = .dispatched
        case .forwarded:
            break
        case .dispatchAcknowledged(let ack):
            updateDispatch(of: ack.agencyID) {
                $0.status = .acknowledged
                $0.acknowledgement = Acknowledgement(
                    at: metadata.at, recordedBy: metadata.actor, acknowledgedBy: ack.acknowledgedBy,
                    channel: ack.channel)
            }
        case .unitAssigned(let assigned):
            updateDispatch(of: assigned.agencyID) {
                $0.units.append(
                    AssignedUnit(unitID: assigned.unitID, callsign: assigned.callsign, assignedAt: metadata.at))
                if $0.status == .acknowledged { $0.status = .unitAssigned }
            }
        case .dispatchEnRoute(let step):
            updateDispatch(of: step.agencyID) {
                $0.status = .enRoute
                $0.enRouteAt = $0.enRouteAt ?? metadata.at
            }
        case .dispatchOnScene(let step):
            updateDispatch(of: step.agencyID) {
                $0.status = .onScene
                $0.onSceneAt = $0.onSceneAt ?? metadata.at
            }
        case .dispatchCompleted(let completed):
            updateDispatch(of: completed.agencyID) {
                $0.status = .completed
                $0.completedAt = metadata.at
                $0.outcome = completed.outcome
            }
        case .dispatchDeclined(let ended):
            end(ended.agencyID, as: .declined, reason: ended.reason, at: metadata)
            updateDispatch(of: ended.agencyID) { $0.declinedAt = metadata.at }
        case .dispatchCancelled(let ended):
            end(ended.agencyID, as: .cancelled, reason: ended.reason, at: metadata)
        case .dispatchRerouted(let rerouted):
            end(rerouted.from, as: .rerouted, reason: rerouted.reason, at: metadata)
            updateDispatch(of: rerouted.from) { $0.reroutedTo = rerouted.to }
            dispatches.append(
                Dispatch(
                    agencyID: rerouted.to, channel: rerouted.channel, dispatchedAt: metadata.at,
                    dispatchedBy: metadata.actor))
        case .noticeReported(let report):
            updateDispatch(of: report.agencyID) { $0.record(report, at: metadata.at) }
        default:
            preconditionFailure("evolveDispatch(_:_:) got a non-dispatch event \(event.type)")
        }
    }

    private mutating func end(_ agency: AgencyID, as status: DispatchStatus, reason: String, at metadata: EventMetadata)
    {
        updateDispatch(of: agency) {
            $0.status = status
            $0.endReason = reason
            $0.endedAt = metadata.at
        }
    }

    private mutating func updateDispatch(of agency: AgencyID, _ change: (inout Dispatch) -> Void) {
        guard let index = dispatches.lastIndex(where: { $0.agencyID == agency }) else {
            preconditionFailure("no dispatch of \(agency) on \(id); the lifecycle should have refused")
        }
        change(&dispatches[index])
    }
}
