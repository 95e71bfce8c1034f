public import Foundation

/// One step of an incident's handling being timed: when it started and whether it is still running. Derived from
/// the incident's projection, so deadlines are never kept anywhere else and survive every restart.
public struct ResponseClock: Hashable, Sendable {
    /// Identifies a clock across time: the same step of the same dispatch always has the same key.
    public struct Key: Hashable, Codable, Sendable {
        public var interval: ResponseInterval
        /// The agency whose dispatch it times; absent for the command center's own steps.
        public var agencyID: AgencyID?
        public var startedAt: Date

        public init(_ interval: ResponseInterval, agencyID: AgencyID? = nil, startedAt: Date) {
            self.interval = interval
            self.agencyID = agencyID
            self.startedAt = startedAt
        }

        private enum CodingKeys: String, CodingKey {
            case interval
            case agencyID = "agencyId"
            case startedAt
        }
    }

    /// How a clock ended.
    public enum End: Hashable, Sendable {
        /// The step was done at this moment: the interval is measured.
        case done(Date)
        /// The step will never be done (the dispatch was cancelled or re-routed, the incident closed): the interval
        /// is not measured, though a breach before it stopped still counts.
        case stopped
    }

    public var key: Key
    public var end: End?

    public var interval: ResponseInterval { key.interval }
    public var isRunning: Bool { end == nil }

    /// When the step was done, if it was.
    public var doneAt: Date? {
        if case .done(let at) = end { return at }
        return nil
    }

    /// Seconds from start to done, for a measured interval.
    public var duration: TimeInterval? { doneAt.map { $0.timeIntervalSince(key.startedAt) } }
}

extension Incident {
    /// Every step of this incident timed so far, in order: call processing, then each dispatch's steps.
    public var responseClocks: [ResponseClock] {
        let open = status.isOpen
        var clocks = [
            ResponseClock(
                key: .init(.callProcessing, startedAt: callAnsweredAt ?? createdAt),
                end: dispatches.first.map { .done($0.dispatchedAt) } ?? (open ? nil : .stopped))
        ]
        for dispatch in dispatches {
            clocks += dispatch.responseClocks(incidentOpen: open)
        }
        return clocks
    }
}

extension Dispatch {
    /// The agency's steps that have started, each done, stopped or running.
    func responseClocks(incidentOpen: Bool) -> [ResponseClock] {
        // A step not done yet runs while the dispatch and the incident are both still active.
        let running = incidentOpen && !status.isTerminal
        func clock(_ interval: ResponseInterval, from start: Date, doneAt: Date?) -> ResponseClock {
            ResponseClock(
                key: .init(interval, agencyID: agencyID, startedAt: start),
                end: doneAt.map { .done($0) } ?? (running ? nil : .stopped))
        }
        // Declining answers the alarm too: the agency responded, and the decline is counted on its own.
        let answeredAt = acknowledgement?.at ?? declinedAt
        var clocks = [clock(.alarmAnswering, from: dispatchedAt, doneAt: answeredAt)]
        guard let acknowledged = acknowledgement?.at else { return clocks }
        let assignedAt = units.map(\.assignedAt).min()
        clocks.append(clock(.unitAssignment, from: acknowledged, doneAt: assignedAt))
        guard let assignedAt else { return clocks }
        clocks.append(clock(.turnoutAndTravel, from: assignedAt, doneAt: onSceneAt))
        guard let onSceneAt else { return clocks }
        clocks.append(clock(.onSceneHandling, from: onSceneAt, doneAt: completedAt))
        return clocks
    }
}
