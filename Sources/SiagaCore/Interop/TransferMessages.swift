public import Foundation

/// The request one 112 center sends another to take over an incident (`POST /api/v1/interop/transfers`): who
/// asks, for which of the receiver's regions, why, and the incident as EIDO.
public struct TransferOffer: Hashable, Codable, Sendable {
    public var transferID: TransferID
    public var fromRegion: RegionCode
    public var fromName: String
    public var fromIncidentNumber: String
    public var toRegion: RegionCode
    public var reason: String
    public var priority: Priority?
    /// When the sender falls back to phoning.
    public var answerDue: Date?
    public var eido: EIDODocument

    public init(
        transferID: TransferID, fromRegion: RegionCode, fromName: String, fromIncidentNumber: String,
        toRegion: RegionCode, reason: String, priority: Priority?, answerDue: Date?, eido: EIDODocument
    ) {
        self.transferID = transferID
        self.fromRegion = fromRegion
        self.fromName = fromName
        self.fromIncidentNumber = fromIncidentNumber
        self.toRegion = toRegion
        self.reason = reason
        self.priority = priority
        self.answerDue = answerDue
        self.eido = eido
    }

    private enum CodingKeys: String, CodingKey {
        case transferID = "transferId"
        case fromRegion, fromName, fromIncidentNumber, toRegion, reason, priority, answerDue, eido
    }

    public static let maxNameLength = 200

    /// The request as the tray holds it, every field checked; throws every problem at once.
    public func received(at: Date) throws(ValidationError) -> ReceivedTransfer {
        var problems: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(FieldError("reason", .required)) }
        if reason.count > TransferLifecycle.maxReasonLength {
            problems.append(FieldError("reason", .tooLong(max: TransferLifecycle.maxReasonLength)))
        }
        for (field, text) in [("fromName", fromName), ("fromIncidentNumber", fromIncidentNumber)] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { problems.append(FieldError(field, .required)) }
            if trimmed.count > Self.maxNameLength {
                problems.append(FieldError(field, .tooLong(max: Self.maxNameLength)))
            }
        }
        if transferID.rawValue.isEmpty || transferID.rawValue.count > 100 {
            problems.append(FieldError("transferId", .invalidFormat))
        }
        if fromRegion == toRegion { problems.append(FieldError("toRegion", .invalidFormat)) }
        var taken: EIDOImport?
        do { taken = try EIDOImport(eido) } catch {
            problems += error.fieldErrors.map { FieldError("eido.\($0.field)", $0.reason) }
        }
        try ValidationError.check(problems)
        guard let taken else { preconditionFailure("a checked offer has a readable EIDO") }
        return ReceivedTransfer(
            id: transferID, region: toRegion,
            origin: TransferOrigin(
                transferID: transferID, region: fromRegion,
                centerName: fromName.trimmingCharacters(in: .whitespacesAndNewlines),
                incidentNumber: fromIncidentNumber.trimmingCharacters(in: .whitespacesAndNewlines)),
            reason: reason, summary: Self.summary(of: taken), priority: priority, document: eido, receivedAt: at,
            answerDue: answerDue)
    }

    /// Type, place and the first words, as the tray shows them.
    static func summary(of taken: EIDOImport) -> String {
        var parts = [taken.typeText]
        if let address = taken.address { parts.append(address) }
        if let first = taken.notes.first { parts.append(first) }
        return String(parts.filter { !$0.isEmpty }.joined(separator: " · ").prefix(500))
    }
}

/// The receiver's answer, sent back to the requesting center (`POST /api/v1/interop/transfers/{id}/answer`).
public struct TransferReply: Hashable, Codable, Sendable {
    /// The region that answers: the one the request was sent to.
    public var fromRegion: RegionCode
    public var accepted: Bool
    /// The receiver's number for the incident it opened, when accepted.
    public var incidentNumber: String?
    /// Why it was declined.
    public var reason: String?

    public init(fromRegion: RegionCode, accepted: Bool, incidentNumber: String?, reason: String?) {
        self.fromRegion = fromRegion
        self.accepted = accepted
        self.incidentNumber = incidentNumber
        self.reason = reason
    }

    /// The answer as the incident records it; throws when a field it needs is missing.
    public func answer() throws(ValidationError) -> TransferAnswer {
        if accepted {
            guard let number = incidentNumber?.trimmingCharacters(in: .whitespacesAndNewlines), !number.isEmpty,
                number.count <= TransferOffer.maxNameLength
            else { throw ValidationError([FieldError("incidentNumber", .required)]) }
            return .accepted(incidentNumber: number)
        }
        guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty,
            reason.count <= TransferLifecycle.maxReasonLength
        else { throw ValidationError([FieldError("reason", .required)]) }
        return .declined(reason: reason)
    }
}

/// The sender takes a request back (`POST /api/v1/interop/transfers/{id}/withdraw`).
public struct TransferWithdrawal: Hashable, Codable, Sendable {
    /// The region that sent the request.
    public var fromRegion: RegionCode
    public var reason: String

    public init(fromRegion: RegionCode, reason: String) {
        self.fromRegion = fromRegion
        self.reason = reason
    }
}
