public import Foundation

/// The current state of an incident: a projection of its events, never written any other way.
public struct Incident: Hashable, Codable, Sendable, Identifiable {
    public static let maxDescriptionLength = 4000
    public static let maxNoteLength = 4000
    public static let maxReasonLength = 1000

    public var id: IncidentID
    public var number: IncidentNumber
    public var regionCode: RegionCode
    public var status: IncidentStatus
    public var classification: Classification?
    public var priority: Priority
    public var priorityIsManual: Bool
    public var location: Location?
    public var description: String
    public var callerNumber: PhoneNumber?
    public var callerName: String?
    /// Calls linked to the incident, in the order they were linked.
    public var callIDs: [CallID]
    /// Agencies the incident was forwarded to, in order. An agency has at most one active dispatch.
    public var dispatches: [Dispatch]
    public var noteCount: Int
    /// Photos attached to the incident, in order.
    public var attachments: [Attachment] = []
    public var resolution: String?
    public var cancellationReason: String?
    public var createdAt: Date
    public var createdBy: Actor
    public var updatedAt: Date
    public var resolvedAt: Date?
    public var closedAt: Date?
    /// The number of events folded into this state; commands name it to detect stale writes.
    public var version: Int
}
