public import Foundation

/// Identifies one request to hand an incident over to a neighbouring 112 center: the same id at both ends, so a
/// request or answer sent twice is recorded once.
public struct TransferID: Identifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A neighbouring 112 center an incident may be handed over to: another region this deployment serves, or a
/// region served elsewhere whose address this deployment was given.
public struct PeerCenter: Hashable, Codable, Sendable {
    public var regionCode: RegionCode
    /// As the call takers say it: "112 Kota Surabaya".
    public var name: String
    /// The number the call takers phone when a request is not answered in time.
    public var phone: String?
    /// True when this deployment serves the peer's region too: the request is handed over without the network.
    public var isLocal: Bool

    public init(regionCode: RegionCode, name: String, phone: String?, isLocal: Bool) {
        self.regionCode = regionCode
        self.name = name
        self.phone = phone
        self.isLocal = isLocal
    }
}

/// One handover of an incident, as the incident it leaves sees it.
public struct IncidentTransfer: Hashable, Codable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Sent; the neighbour has not answered yet.
        case requested
        /// Not answered in time: the call taker phones the neighbour. A late answer is still recorded.
        case unanswered
        case accepted
        case declined
        /// The call taker took the request back (the neighbour was reached by phone, or it was a mistake).
        case withdrawn
    }

    public var id: TransferID
    public var peer: RegionCode
    public var peerName: String
    public var peerPhone: String?
    public var reason: String
    public var requestedAt: Date
    /// When an answer is due; past it, the request is marked unanswered.
    public var answerDue: Date
    public var state: State
    public var answeredAt: Date?
    /// The neighbour's number for the incident it opened, once accepted.
    public var peerIncidentNumber: String?
    /// Why the neighbour declined, or why the request was withdrawn.
    public var endReason: String?

    /// True while an answer may still come.
    public var isOpen: Bool { state == .requested || state == .unanswered }

    private enum CodingKeys: String, CodingKey {
        case id, peer, peerName, peerPhone, reason, requestedAt, answerDue, state, answeredAt, peerIncidentNumber
        case endReason
    }
}

/// Where an incident came from when a neighbouring center handed it over.
public struct TransferOrigin: Hashable, Codable, Sendable {
    public var transferID: TransferID
    public var region: RegionCode
    public var centerName: String
    /// The sending center's number for the incident.
    public var incidentNumber: String

    public init(transferID: TransferID, region: RegionCode, centerName: String, incidentNumber: String) {
        self.transferID = transferID
        self.region = region
        self.centerName = centerName
        self.incidentNumber = incidentNumber
    }

    private enum CodingKeys: String, CodingKey {
        case transferID = "transferId"
        case region, centerName, incidentNumber
    }
}

/// A neighbour's answer to a request.
public enum TransferAnswer: Hashable, Sendable {
    /// Accepted: the neighbour opened its own incident, numbered so.
    case accepted(incidentNumber: String)
    case declined(reason: String)
}

extension IncidentEvent {
    public struct TransferRequested: Hashable, Codable, Sendable {
        public var transferID: TransferID
        public var peer: RegionCode
        public var peerName: String
        public var peerPhone: String?
        public var reason: String
        public var answerDue: Date

        public init(
            transferID: TransferID, peer: RegionCode, peerName: String, peerPhone: String?, reason: String,
            answerDue: Date
        ) {
            self.transferID = transferID
            self.peer = peer
            self.peerName = peerName
            self.peerPhone = peerPhone
            self.reason = reason
            self.answerDue = answerDue
        }

        private enum CodingKeys: String, CodingKey {
            case transferID = "transferId"
            case peer, peerName, peerPhone, reason, answerDue
        }
    }

    public struct TransferAccepted: Hashable, Codable, Sendable {
        public var transferID: TransferID
        public var peerIncidentNumber: String

        public init(transferID: TransferID, peerIncidentNumber: String) {
            self.transferID = transferID
            self.peerIncidentNumber = peerIncidentNumber
        }

        private enum CodingKeys: String, CodingKey {
            case transferID = "transferId"
            case peerIncidentNumber
        }
    }

    /// A request declined by the neighbour or withdrawn by the call taker, with the reason.
    public struct TransferEnded: Hashable, Codable, Sendable {
        public var transferID: TransferID
        public var reason: String

        public init(transferID: TransferID, reason: String) {
            self.transferID = transferID
            self.reason = reason
        }

        private enum CodingKeys: String, CodingKey {
            case transferID = "transferId"
            case reason
        }
    }

    public struct TransferUnanswered: Hashable, Codable, Sendable {
        public var transferID: TransferID
        /// The number to phone instead.
        public var peerPhone: String?

        public init(transferID: TransferID, peerPhone: String?) {
            self.transferID = transferID
            self.peerPhone = peerPhone
        }

        private enum CodingKeys: String, CodingKey {
            case transferID = "transferId"
            case peerPhone
        }
    }
}

extension Incident {
    /// The handover still waiting for an answer, if any: an incident is offered to one neighbour at a time.
    public var openTransfer: IncidentTransfer? { transfers.last { $0.isOpen } }

    /// The handover `id`, if the incident made it.
    public func transfer(_ id: TransferID) -> IncidentTransfer? { transfers.first { $0.id == id } }

    mutating func evolveTransfer(_ event: IncidentEvent, _ metadata: EventMetadata) {
        func update(_ id: TransferID, _ change: (inout IncidentTransfer) -> Void) {
            guard let index = transfers.firstIndex(where: { $0.id == id }) else { return }
            change(&transfers[index])
        }
        switch event {
        case .transferRequested(let requested):
            transfers.append(
                IncidentTransfer(
                    id: requested.transferID, peer: requested.peer, peerName: requested.peerName,
                    peerPhone: requested.peerPhone, reason: requested.reason, requestedAt: metadata.at,
                    answerDue: requested.answerDue, state: .requested))
        case .transferAccepted(let accepted):
            update(accepted.transferID) {
                $0.state = .accepted
                $0.answeredAt = metadata.at
                $0.peerIncidentNumber = accepted.peerIncidentNumber
            }
        case .transferDeclined(let ended):
            update(ended.transferID) {
                $0.state = .declined
                $0.answeredAt = metadata.at
                $0.endReason = ended.reason
            }
        case .transferWithdrawn(let ended):
            update(ended.transferID) {
                $0.state = .withdrawn
                $0.endReason = ended.reason
            }
        case .transferUnanswered(let unanswered):
            update(unanswered.transferID) { $0.state = .unanswered }
        case .transferReceived(let origin):
            transferredFrom = origin
        default:
            preconditionFailure("\(event.type) is not a transfer event")
        }
    }
}

/// The handover rules: one open request at a time, never to the incident's own region, answers only to a request
/// still open.
public enum TransferLifecycle {
    public static let maxReasonLength = Incident.maxReasonLength

    static func decide(_ command: TransferCommand, on incident: Incident) throws(TransitionError) -> [IncidentEvent] {
        switch command {
        case .request(let id, let peer, let reason, let answerDue):
            guard peer.regionCode != incident.regionCode else { throw .transferToOwnRegion }
            if let open = incident.openTransfer { throw .transferPending(open.id, peer: open.peerName) }
            guard incident.transfer(id) == nil else { throw .unchanged(.transfer) }
            return [
                .transferRequested(
                    .init(
                        transferID: id, peer: peer.regionCode, peerName: peer.name, peerPhone: peer.phone,
                        reason: reason, answerDue: answerDue))
            ]
        case .answer(let id, let answer):
            let transfer = try open(id, on: incident)
            switch answer {
            case .accepted(let number):
                return [.transferAccepted(.init(transferID: transfer.id, peerIncidentNumber: number))]
            case .declined(let reason):
                return [.transferDeclined(.init(transferID: transfer.id, reason: reason))]
            }
        case .markUnanswered(let id):
            guard let transfer = incident.transfer(id) else { throw .unknownTransfer(id) }
            guard transfer.state == .requested else { return [] }
            return [.transferUnanswered(.init(transferID: id, peerPhone: transfer.peerPhone))]
        case .withdraw(let id, let reason):
            let transfer = try open(id, on: incident)
            return [.transferWithdrawn(.init(transferID: transfer.id, reason: reason))]
        }
    }

    private static func open(_ id: TransferID, on incident: Incident) throws(TransitionError) -> IncidentTransfer {
        guard let transfer = incident.transfer(id) else { throw .unknownTransfer(id) }
        guard transfer.isOpen else { throw .transferNotOpen(id, state: transfer.state) }
        return transfer
    }
}

/// What is asked of an incident's handovers.
public enum TransferCommand: Hashable, Sendable {
    /// Offer the incident to `peer`, with why; unanswered after `answerDue`.
    case request(TransferID, to: PeerCenter, reason: String, answerDue: Date)
    /// Record the neighbour's answer.
    case answer(TransferID, TransferAnswer)
    /// The answer is overdue: the call taker phones the neighbour. Nothing when the request was already answered.
    case markUnanswered(TransferID)
    /// Take the request back, with why.
    case withdraw(TransferID, reason: String)
}
