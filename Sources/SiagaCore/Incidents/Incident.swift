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
    /// When the first linked call was answered: where call processing starts (else at `createdAt`).
    public var callAnsweredAt: Date?
    /// Warnings, breaches and escalations recorded for its response clocks, in order.
    public var responseMarks: [ResponseMark] = []
    /// Set when a system opened the incident and a call taker must verify it before it is forwarded.
    public var verification: Verification? = nil
    /// Handovers to neighbouring 112 centers, in the order they were requested.
    public var transfers: [IncidentTransfer] = []
    /// Set when a neighbouring center handed the incident over.
    public var transferredFrom: TransferOrigin? = nil
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

extension Incident {
    private enum CodingKeys: String, CodingKey {
        case id, number, regionCode, status, classification, priority, priorityIsManual, location, description
        case callerNumber, callerName, callIDs, dispatches, noteCount, attachments, callAnsweredAt, responseMarks
        case resolution, cancellationReason, createdAt, createdBy, updatedAt, resolvedAt, closedAt, version
        case verification, transfers, transferredFrom
    }

    /// Reads stored states from before a field existed, with the field's empty value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(IncidentID.self, forKey: .id)
        number = try container.decode(IncidentNumber.self, forKey: .number)
        regionCode = try container.decode(RegionCode.self, forKey: .regionCode)
        status = try container.decode(IncidentStatus.self, forKey: .status)
        classification = try container.decodeIfPresent(Classification.self, forKey: .classification)
        priority = try container.decode(Priority.self, forKey: .priority)
        priorityIsManual = try container.decode(Bool.self, forKey: .priorityIsManual)
        location = try container.decodeIfPresent(Location.self, forKey: .location)
        description = try container.decode(String.self, forKey: .description)
        callerNumber = try container.decodeIfPresent(PhoneNumber.self, forKey: .callerNumber)
        callerName = try container.decodeIfPresent(String.self, forKey: .callerName)
        callIDs = try container.decode([CallID].self, forKey: .callIDs)
        dispatches = try container.decode([Dispatch].self, forKey: .dispatches)
        noteCount = try container.decode(Int.self, forKey: .noteCount)
        attachments = try container.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
        callAnsweredAt = try container.decodeIfPresent(Date.self, forKey: .callAnsweredAt)
        responseMarks = try container.decodeIfPresent([ResponseMark].self, forKey: .responseMarks) ?? []
        resolution = try container.decodeIfPresent(String.self, forKey: .resolution)
        cancellationReason = try container.decodeIfPresent(String.self, forKey: .cancellationReason)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        createdBy = try container.decode(Actor.self, forKey: .createdBy)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
        resolvedAt = try container.decodeIfPresent(Date.self, forKey: .resolvedAt)
        closedAt = try container.decodeIfPresent(Date.self, forKey: .closedAt)
        version = try container.decode(Int.self, forKey: .version)
        verification = try container.decodeIfPresent(Verification.self, forKey: .verification)
        transfers = try container.decodeIfPresent([IncidentTransfer].self, forKey: .transfers) ?? []
        transferredFrom = try container.decodeIfPresent(TransferOrigin.self, forKey: .transferredFrom)
    }
}
