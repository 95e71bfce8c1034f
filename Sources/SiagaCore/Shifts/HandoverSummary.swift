public import Foundation

/// What the outgoing shift leaves the incoming one, generated from the record so nothing depends on memory:
/// incidents still open, dispatches nobody has acknowledged, and what the phones brought in.
public struct HandoverSummary: Hashable, Codable, Sendable {
    /// A dispatch not acknowledged after this long is overdue in the handover (before the SLA engine has its own
    /// targets per agency).
    public static let acknowledgementOverdueAfter: TimeInterval = 10 * 60

    public struct OpenIncident: Hashable, Codable, Sendable {
        public var id: IncidentID
        public var number: String
        public var category: String?
        public var priority: Priority
        public var status: IncidentStatus
        public var needsRerouting: Bool
        public var openedAt: Date
    }

    public struct OverdueDispatch: Hashable, Codable, Sendable {
        public var incidentNumber: String
        public var agencyID: AgencyID
        public var dispatchedAt: Date
        public var waitingMinutes: Int
    }

    public var shift: ShiftOccurrence
    public var generatedAt: Date
    /// Most urgent first: priority, then oldest.
    public var openIncidents: [OpenIncident]
    public var overdueDispatches: [OverdueDispatch]
    /// Calls that rang during the shift, by disposition (`pending` for those not yet disposed).
    public var callsByDisposition: [String: Int]
    public var callCount: Int

    public init(shift: ShiftOccurrence, at now: Date, openIncidents: [Incident], callsByDisposition: [String: Int]) {
        self.shift = shift
        self.generatedAt = now
        self.openIncidents = openIncidents.filter(\.status.isOpen)
            .sorted { ($0.priority, $0.createdAt) < ($1.priority, $1.createdAt) }
            .map {
                OpenIncident(
                    id: $0.id, number: $0.number.description, category: $0.classification?.category,
                    priority: $0.priority, status: $0.status, needsRerouting: $0.needsRerouting, openedAt: $0.createdAt)
            }
        self.overdueDispatches = openIncidents.flatMap { incident in
            incident.dispatches.filter {
                $0.status == .notified && now.timeIntervalSince($0.dispatchedAt) >= Self.acknowledgementOverdueAfter
            }
            .map {
                OverdueDispatch(
                    incidentNumber: incident.number.description, agencyID: $0.agencyID, dispatchedAt: $0.dispatchedAt,
                    waitingMinutes: Int(now.timeIntervalSince($0.dispatchedAt) / 60))
            }
        }
        .sorted { $0.dispatchedAt < $1.dispatchedAt }
        self.callsByDisposition = callsByDisposition
        self.callCount = callsByDisposition.values.reduce(0, +)
    }
}
