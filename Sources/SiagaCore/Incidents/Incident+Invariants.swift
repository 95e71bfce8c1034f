extension Incident {
    /// Checks what must hold for any incident built by ``evolve(_:_:)``. Called by `assert` after every event
    /// and directly by tests.
    public func verifyInvariants() -> Bool {
        guard version >= 1, number.region == regionCode else { return false }
        guard Set(callIDs).count == callIDs.count else { return false }
        let active = activeDispatches.map(\.agencyID)
        guard Set(active).count == active.count else { return false }
        switch status {
        case .logged:
            return dispatches.isEmpty && resolvedAt == nil && closedAt == nil
        case .dispatched:
            return !dispatches.isEmpty && resolvedAt == nil && closedAt == nil
        case .resolved:
            return resolvedAt != nil && resolution != nil && closedAt == nil && active.isEmpty
        case .closed:
            return resolvedAt != nil && closedAt.map { $0 >= resolvedAt! } == true && active.isEmpty
        case .cancelled:
            return cancellationReason != nil && closedAt == nil && active.isEmpty
        }
    }
}
