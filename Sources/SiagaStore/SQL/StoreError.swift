public import SiagaCore

/// Why the store refused a read or write. The server maps each case to one problem document.
public enum StoreError: Error, Hashable, Sendable {
    case regionNotFound(RegionCode)
    case incidentNotFound(IncidentID)
    case callNotFound(CallID)
    /// A command named `expected` but the stream is at `actual`: someone else wrote first.
    case versionConflict(expected: Int, actual: Int)
    /// The `Idempotency-Key` was used before with a different request.
    case idempotencyKeyReused
    /// A row that was written by this store could not be read back (corruption or a newer schema).
    case corruptRow(table: String, id: String)
    /// The database did not answer (unreachable, restarting, or too slow). Nothing was written; retry later.
    case databaseUnavailable
    /// The database's disk is full: the write was rolled back, nothing of it stored. Writes succeed again once
    /// space is freed, without a restart; reads go on meanwhile.
    case storageFull
}
