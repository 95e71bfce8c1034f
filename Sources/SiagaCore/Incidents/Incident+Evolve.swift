extension Incident {
    /// The incident a `created` event starts. Version 1.
    public init(created: IncidentEvent.Created, regionCode: RegionCode, metadata: EventMetadata) {
        self.init(
            id: created.id,
            number: created.number,
            regionCode: regionCode,
            status: .logged,
            classification: created.classification,
            priority: created.priority,
            priorityIsManual: created.priorityIsManual,
            location: created.location,
            description: created.description,
            callerNumber: created.callerNumber,
            callerName: created.callerName,
            callIDs: [],
            dispatches: [],
            noteCount: 0,
            createdAt: metadata.at,
            createdBy: metadata.actor,
            updatedAt: metadata.at,
            version: 1
        )
        verification = created.verification.map { Verification(request: $0) }
    }

    /// Folds events, starting from their `created` event, into an incident. Returns `nil` when the first
    /// event is not `created`.
    public static func replay(_ events: some Sequence<(IncidentEvent, EventMetadata)>) -> Incident? {
        var iterator = events.makeIterator()
        guard let (first, metadata) = iterator.next(), case .created(let created) = first else { return nil }
        var incident = Incident(created: created, regionCode: created.number.region, metadata: metadata)
        while let (event, metadata) = iterator.next() {
            incident.evolve(event, metadata)
        }
        return incident
    }

    /// Applies one event that ``IncidentLifecycle`` decided. Never fails: the decision already checked it.
    public mutating func evolve(_ event: IncidentEvent, _ metadata: EventMetadata) {
        switch event {
        case .created:
            preconditionFailure("an incident is created once; \(id) already exists")
        case .classified(let classified):
            classification = classified.classification
            priority = classified.priority
            priorityIsManual = classified.priorityIsManual
        case .located(let location):
            self.location = location
        case .priorityChanged(let change):
            priority = change.to
            priorityIsManual = true
        case .noteAdded:
            noteCount += 1
        case .attachmentAdded(let attachment):
            attachments.append(attachment)
        case .callLinked(let link):
            callIDs.append(link.callID)
            if callerNumber == nil { callerNumber = link.callerNumber }
            if callIDs.count == 1 { callAnsweredAt = link.answeredAt }
        case .responseWarning(let mark), .responseBreached(let mark), .escalated(let mark):
            responseMarks.append(mark)
        case .dispatched, .forwarded, .dispatchAcknowledged, .unitAssigned, .dispatchEnRoute, .dispatchOnScene,
            .dispatchCompleted, .dispatchDeclined, .dispatchRerouted, .dispatchCancelled, .noticeReported:
            evolveDispatch(event, metadata)
        case .resolved(let resolved):
            status = .resolved
            resolution = resolved.summary
            resolvedAt = metadata.at
        case .closed:
            status = .closed
            closedAt = metadata.at
        case .reopened:
            status = dispatches.isEmpty ? .logged : .dispatched
            resolvedAt = nil
            closedAt = nil
            resolution = nil
            cancellationReason = nil
        case .cancelled(let cancelled):
            status = .cancelled
            cancellationReason = cancelled.reason
        case .transferRequested, .transferAccepted, .transferDeclined, .transferUnanswered, .transferWithdrawn,
            .transferReceived:
            evolveTransfer(event, metadata)
        case .verified:
            verification?.verifiedAt = metadata.at
            verification?.verifiedBy = metadata.actor
        }
        updatedAt = metadata.at
        version += 1
        assert(verifyInvariants(), "incident \(id) broke an invariant after \(event.type)")
    }
}
