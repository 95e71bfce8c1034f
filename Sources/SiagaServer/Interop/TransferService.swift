import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore

/// Hands incidents over to neighbouring 112 centers and takes theirs in, each step in one transaction: between two
/// regions served here without the network, with another deployment through messages kept until it takes them
/// (``InteropDelivery``).
struct TransferService: Sendable {
    let dependencies: Dependencies

    private var settings: TransferSettings { dependencies.transfers }

    /// Kept small: a neighbour reads the gist, and the message must fit a request body.
    static let maxNotes = 30
    static let maxNoteLength = 1_000

    /// The centers `region`'s incidents may be handed to.
    func peers(of region: RegionCode, reader: StoreReader) async throws -> [PeerCenter] {
        settings.peers(of: region, served: try await reader.regions())
    }

    // MARK: The requesting side

    /// Offers incident `id` to `peer`, with why.
    func request(_ id: IncidentID, to peer: RegionCode, reason: String, as acting: Acting) -> UnitOfWork<TransferChange>
    {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            let reader = transaction.reader
            guard let incident = try await reader.incident(id) else { throw StoreError.incidentNotFound(id) }
            try acting.authorize(.incidentUpdate, .incident(incident.access))
            let peers = try await peers(of: incident.regionCode, reader: reader)
            guard let center = peers.first(where: { $0.regionCode == peer }) else {
                throw ValidationError([FieldError("peer", .unknownValue(allowed: peers.map(\.regionCode.rawValue)))])
            }
            let transferID: TransferID = dependencies.ids.next()
            let due = metadata.at.addingTimeInterval(TimeInterval(settings.answerWithin.components.seconds))
            let updated = try await apply(
                .request(transferID, to: center, reason: reason, answerDue: due), to: incident, metadata, transaction)
            guard let transfer = updated.transfer(transferID) else { preconditionFailure("the request was recorded") }
            try await transaction.recordOutgoingTransfer(transfer, of: updated)
            let offer = try await offer(updated, transfer, reader: reader)
            if center.isLocal {
                // The neighbour's tray is in this database: the request is there when this transaction commits.
                _ = try await transaction.receiveTransfer(try offer.received(at: metadata.at), metadata: metadata)
            } else {
                try await transaction.enqueueInterop(
                    InteropMessage(
                        id: "\(transferID.rawValue)-request", region: incident.regionCode, peer: peer,
                        path: InteropPath.transfers,
                        body: try Self.json(offer), createdAt: metadata.at))
            }
            return TransferChange(incident: updated, transfer: transfer)
        }
    }

    /// Takes back the open request `transfer` of incident `id`, with why.
    func withdraw(_ transfer: TransferID, of id: IncidentID, reason: String, as acting: Acting)
        -> UnitOfWork<TransferChange>
    {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            guard let incident = try await transaction.reader.incident(id) else {
                throw StoreError.incidentNotFound(id)
            }
            try acting.authorize(.incidentUpdate, .incident(incident.access))
            let updated = try await apply(.withdraw(transfer, reason: reason), to: incident, metadata, transaction)
            guard let withdrawn = updated.transfer(transfer) else { throw TransitionError.unknownTransfer(transfer) }
            try await transaction.updateOutgoingTransfer(transfer, state: .withdrawn)
            if try await transaction.reader.region(withdrawn.peer) != nil {
                if let received = try await transaction.reader.receivedTransfer(transfer, region: withdrawn.peer),
                    received.state == .pending
                {
                    _ = try await transaction.answerReceivedTransfer(
                        .withdrawn(try received.withdrawn(reason: reason)), metadata: metadata)
                }
            } else {
                try await transaction.enqueueInterop(
                    InteropMessage(
                        id: "\(transfer.rawValue)-withdraw", region: incident.regionCode, peer: withdrawn.peer,
                        path: InteropPath.withdraw(transfer),
                        body: try Self.json(TransferWithdrawal(fromRegion: incident.regionCode, reason: reason)),
                        createdAt: metadata.at))
            }
            return TransferChange(incident: updated, transfer: withdrawn)
        }
    }

    /// Marks every request past its due time unanswered, as Siaga112: the call taker is told to phone.
    func markOverdue() async throws -> Int {
        let now = dependencies.now()
        let overdue = try await dependencies.store.read { try await $0.overdueTransfers(at: now) }
        var marked = 0
        for transfer in overdue {
            let metadata = dependencies.metadata(.system("transfer"))
            marked += try await dependencies.store.perform(
                UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
                    guard let incident = try await transaction.reader.incident(transfer.incidentID),
                        incident.transfer(transfer.id)?.state == .requested
                    else { return 0 }
                    _ = try await apply(.markUnanswered(transfer.id), to: incident, metadata, transaction)
                    try await transaction.updateOutgoingTransfer(transfer.id, state: .unanswered)
                    return 1
                })
        }
        return marked
    }

    /// Records a neighbour's answer on the incident that asked. The same answer delivered twice changes nothing.
    private func record(
        _ answer: TransferAnswer, to outgoing: OutgoingTransfer, metadata: EventMetadata,
        _ transaction: WriteTransaction
    ) async throws {
        guard let incident = try await transaction.reader.incident(outgoing.incidentID),
            let transfer = incident.transfer(outgoing.id)
        else { throw TransitionError.unknownTransfer(outgoing.id) }
        switch (answer, transfer.state) {
        case (.accepted(let number), .accepted) where transfer.peerIncidentNumber == number: return
        case (.declined, .declined): return
        default: break
        }
        let updated = try await apply(.answer(outgoing.id, answer), to: incident, metadata, transaction)
        try await transaction.updateOutgoingTransfer(
            outgoing.id, state: updated.transfer(outgoing.id)?.state ?? .requested)
    }

    // MARK: The receiving side

    /// Accepts the request `id` in `region`'s tray: a new incident is opened from it, and the sender is told its
    /// number.
    func accept(_ id: TransferID, in region: RegionCode, as acting: Acting) -> UnitOfWork<ReceivedTransfer> {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            let received = try await pending(id, in: region, acting, transaction)
            let taken = try EIDOImport(received.document)
            let incident = try await EIDOIntake(dependencies: dependencies).open(
                taken, in: region, transferredFrom: received.origin, priority: received.priority, metadata: metadata,
                transaction: transaction)
            let accepted = try received.accepted(
                by: acting.actor, at: metadata.at, incident: incident.id, number: incident.number.description)
            try await answer(.accepted(accepted), metadata: metadata, transaction)
            return accepted
        }
    }

    /// Declines the request `id` in `region`'s tray, with why; the sender is told.
    func decline(_ id: TransferID, in region: RegionCode, reason: String, as acting: Acting)
        -> UnitOfWork<ReceivedTransfer>
    {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            let received = try await pending(id, in: region, acting, transaction)
            let declined = try received.declined(by: acting.actor, at: metadata.at, reason: reason)
            try await answer(.declined(declined), metadata: metadata, transaction)
            return declined
        }
    }

    private func pending(
        _ id: TransferID, in region: RegionCode, _ acting: Acting, _ transaction: WriteTransaction
    ) async throws -> ReceivedTransfer {
        try acting.authorize(.incidentCreate, .region(region))
        guard let received = try await transaction.reader.receivedTransfer(id, region: region) else {
            throw TransferNotFound(id: id)
        }
        guard received.state == .pending else {
            throw TransitionError.receivedTransferNotPending(id, state: received.state)
        }
        return received
    }

    /// Records the tray's answer and carries it to the sender: on its incident here, or in a message to its
    /// deployment.
    private func answer(_ event: TransferEvent, metadata: EventMetadata, _ transaction: WriteTransaction) async throws {
        let transfer = event.transfer
        guard try await transaction.answerReceivedTransfer(event, metadata: metadata) else {
            throw TransitionError.receivedTransferNotPending(transfer.id, state: .pending)
        }
        let reply = TransferReply(
            fromRegion: transfer.region, accepted: transfer.state == .accepted, incidentNumber: transfer.incidentNumber,
            reason: transfer.endReason)
        if let outgoing = try await transaction.reader.outgoingTransfer(transfer.id),
            outgoing.region == transfer.origin.region
        {
            try await record(try reply.answer(), to: outgoing, metadata: metadata, transaction)
        } else {
            try await transaction.enqueueInterop(
                InteropMessage(
                    id: "\(transfer.id.rawValue)-answer", region: transfer.region, peer: transfer.origin.region,
                    path: InteropPath.answer(transfer.id), body: try Self.json(reply), createdAt: metadata.at))
        }
    }

    // MARK: From another deployment

    /// Puts a neighbour's request in the tray of the region it names. The same request sent again is answered as
    /// the first time; `created` says which.
    func receive(_ offer: TransferOffer, as acting: Acting) -> UnitOfWork<(ReceivedTransfer, created: Bool)> {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            try acting.authorize(.transferSubmit, .region(offer.toRegion))
            guard try await transaction.reader.region(offer.toRegion) != nil else {
                throw StoreError.regionNotFound(offer.toRegion)
            }
            guard let peer = settings.remote(offer.fromRegion), peer.neighbours(offer.toRegion) else {
                throw UnknownPeer(region: offer.fromRegion)
            }
            let received = try offer.received(at: metadata.at)
            if try await transaction.receiveTransfer(received, metadata: metadata) { return (received, true) }
            guard let known = try await transaction.reader.receivedTransfer(offer.transferID, region: offer.toRegion),
                known.origin.region == offer.fromRegion
            else { throw UnknownPeer(region: offer.fromRegion) }
            return (known, false)
        }
    }

    /// Records a neighbour's answer to a request an incident here made.
    func answered(_ id: TransferID, _ reply: TransferReply, as acting: Acting) -> UnitOfWork<IncidentTransfer> {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            guard let outgoing = try await transaction.reader.outgoingTransfer(id) else {
                throw TransferNotFound(id: id)
            }
            try acting.authorize(.transferSubmit, .region(outgoing.region))
            guard reply.fromRegion == outgoing.peer else { throw UnknownPeer(region: reply.fromRegion) }
            try await record(try reply.answer(), to: outgoing, metadata: metadata, transaction)
            guard let transfer = try await transaction.reader.incident(outgoing.incidentID)?.transfer(id) else {
                throw TransferNotFound(id: id)
            }
            return transfer
        }
    }

    /// A neighbour takes its request back before anyone here answered it.
    func withdrawn(_ id: TransferID, _ withdrawal: TransferWithdrawal, as acting: Acting) -> UnitOfWork<
        ReceivedTransfer
    > {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
            guard
                let received = try await transaction.reader.receivedTransfers(id).first(where: {
                    $0.origin.region == withdrawal.fromRegion
                })
            else { throw TransferNotFound(id: id) }
            try acting.authorize(.transferSubmit, .region(received.region))
            if received.state == .withdrawn { return received }
            let reason = withdrawal.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            let withdrawn = try received.withdrawn(reason: reason.isEmpty ? "-" : String(reason.prefix(1_000)))
            _ = try await transaction.answerReceivedTransfer(.withdrawn(withdrawn), metadata: metadata)
            return withdrawn
        }
    }

    // MARK: Shared

    private func apply(
        _ command: TransferCommand, to incident: Incident, _ metadata: EventMetadata, _ transaction: WriteTransaction
    ) async throws -> Incident {
        let rules = try await transaction.reader.incidentRules(for: incident.regionCode)
        let events = try IncidentLifecycle.decide(.transfer(command), on: incident, rules: rules)
        return try await transaction.appendIncident(events, to: incident, metadata: metadata)
    }

    private func offer(_ incident: Incident, _ transfer: IncidentTransfer, reader: StoreReader) async throws
        -> TransferOffer
    {
        guard let region = try await reader.region(incident.regionCode) else {
            throw StoreError.regionNotFound(incident.regionCode)
        }
        // A neighbouring 112 center calls the caller back: it gets the number, as a center here would.
        let eido = try await EIDOExport.document(
            of: incident, reader: reader, withCaller: true, maxNotes: Self.maxNotes, maxNoteLength: Self.maxNoteLength)
        return TransferOffer(
            transferID: transfer.id, fromRegion: region.code, fromName: EIDOExport.centerName(of: region),
            fromIncidentNumber: incident.number.description, toRegion: transfer.peer, reason: transfer.reason,
            priority: incident.priority, answerDue: transfer.answerDue, eido: eido)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encode(value), as: UTF8.self)
    }
}

/// Where the interop messages go on a peer's deployment.
enum InteropPath {
    static let transfers = "/api/v1/interop/transfers"
    static func answer(_ id: TransferID) -> String { "\(transfers)/\(id.rawValue)/answer" }
    static func withdraw(_ id: TransferID) -> String { "\(transfers)/\(id.rawValue)/withdraw" }
}

/// What a request or withdrawal did: the incident after it, and the handover as it now stands.
struct TransferChange: Sendable {
    var incident: Incident
    var transfer: IncidentTransfer
}

/// No request with this id here.
struct TransferNotFound: ProblemConvertible {
    var id: TransferID

    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "not-found", status: .notFound, title: language.pick("Tidak ditemukan", "Not found"),
            detail: language.pick(
                "Tidak ada permintaan alih '\(id)' di sini.", "There is no transfer request '\(id)' here."))
    }
}

/// A deployment handed in a request, answer or withdrawal for a region it is not a configured neighbour of.
struct UnknownPeer: ProblemConvertible {
    var region: RegionCode

    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "unknown-peer", status: .forbidden, title: language.pick("Bukan tetangga terdaftar", "Not a listed peer"),
            detail: language.pick(
                "112 wilayah \(region) tidak terdaftar sebagai tetangga untuk permintaan ini (berkas --peers).",
                "Region \(region)'s 112 is not listed as a neighbour for this request (the --peers file)."))
    }
}
