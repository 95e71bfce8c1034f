extension Incident {
    /// Checks what must hold for any incident built by ``evolve(_:_:)``. Called by `assert` after every event
    /// and directly by tests.
    public func verifyInvariants() -> Bool {
        guard version >= 1, number.region == regionCode else { return false }
        guard Set(callIDs).count == callIDs.count else { return false }
        guard Set(dispatches.map(\.agencyID)).count == dispatches.count else { return false }
        switch status {
        case .logged:
            return dispatches.isEmpty && resolvedAt == nil && closedAt == nil
        case .dispatched:
            return !dispatches.isEmpty && resolvedAt == nil && closedAt == nil
        case .resolved:
            return resolvedAt != nil && resolution != nil && closedAt == nil
        case .closed:
            return resolvedAt != nil && closedAt.map { $0 >= resolvedAt! } == true
        case .cancelled:
            return cancellationReason != nil && closedAt == nil
        }
    }
}
