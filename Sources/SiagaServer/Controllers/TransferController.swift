import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Handing incidents over to neighbouring 112 centers (docs/transfer.md).
///
/// | method | path                                           | does                                                   |
/// |--------|------------------------------------------------|--------------------------------------------------------|
/// | GET    | /regions/{code}/transfer-peers                 | the centers the region's incidents may be handed to    |
/// | POST   | /incidents/{id}/transfers                      | offers the incident to a neighbour, with why          |
/// | POST   | /incidents/{id}/transfers/{transfer}/withdraw  | takes an unanswered offer back, with why              |
/// | GET    | /regions/{code}/transfers                      | the region's tray: requests received, pending first   |
/// | POST   | /regions/{code}/transfers/{transfer}/accept    | accepts one: a new incident is opened here            |
/// | POST   | /regions/{code}/transfers/{transfer}/decline   | declines one, with why                                |
/// | POST   | /interop/transfers                             | another deployment hands in a request (`transfer.submit`) |
/// | POST   | /interop/transfers/{transfer}/answer           | another deployment answers a request made here        |
/// | POST   | /interop/transfers/{transfer}/withdraw         | another deployment takes its request back             |
/// | GET    | /interop/outbox                                | messages to other deployments and how their delivery went |
struct TransferController {
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }
    private var service: TransferService { TransferService(dependencies: dependencies) }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions/{code}/transfer-peers", .incidentRead, use: peers)
        group.post("incidents/{id}/transfers", .incidentUpdate, use: request)
        group.post("incidents/{id}/transfers/{transfer}/withdraw", .incidentUpdate, use: withdraw)
        group.get("regions/{code}/transfers", .incidentCreate, use: tray)
        group.post("regions/{code}/transfers/{transfer}/accept", .incidentCreate, use: accept)
        group.post("regions/{code}/transfers/{transfer}/decline", .incidentCreate, use: decline)
        group.post("interop/transfers", .transferSubmit, use: receive)
        group.post("interop/transfers/{transfer}/answer", .transferSubmit, use: answered)
        group.post("interop/transfers/{transfer}/withdraw", .transferSubmit, use: withdrawn)
        group.get("interop/outbox", .regionAdminister, use: outbox)
    }

    struct PeerDTO: Encodable, Sendable {
        var regionCode: String
        var name: String
        var phone: String?
        /// True when this deployment serves it too: handed over without the network.
        var local: Bool
    }

    struct OfferInput: Decodable, Sendable {
        var peer: String?
        var reason: String?
    }

    struct ReasonBody: Decodable, Sendable {
        var reason: String?
    }

    struct TransferDTO: Encodable, Sendable {
        var incidentId: String
        var version: Int
        var transfer: IncidentTransfer
    }

    /// A received request as the tray shows it; the EIDO it carries stays on the server.
    struct ReceivedDTO: Encodable, Hashable, Sendable {
        var id: String
        var region: String
        var origin: TransferOrigin
        var reason: String
        var summary: String
        var priority: Priority?
        var receivedAt: Date
        var answerDue: Date?
        var state: ReceivedTransfer.State
        var answeredAt: Date?
        var answeredBy: String?
        var incidentId: String?
        var incidentNumber: String?
        var endReason: String?

        init(_ transfer: ReceivedTransfer) {
            id = transfer.id.rawValue
            region = transfer.region.rawValue
            origin = transfer.origin
            reason = transfer.reason
            summary = transfer.summary
            priority = transfer.priority
            receivedAt = transfer.receivedAt
            answerDue = transfer.answerDue
            state = transfer.state
            answeredAt = transfer.answeredAt
            answeredBy = transfer.answeredBy?.description
            incidentId = transfer.incidentID?.rawValue
            incidentNumber = transfer.incidentNumber
            endReason = transfer.endReason
        }
    }

    /// A tray event as the live feed sends it: `{"type": "received", "data": {…}}` with the tray's view.
    struct EventView: Encodable, Hashable, Sendable {
        var type: String
        var data: ReceivedDTO

        init(_ event: TransferEvent) {
            type = event.typeName
            data = ReceivedDTO(event.transfer)
        }
    }

    @Sendable func peers(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.incidentRead, .region(code))
        let peers = try await store.read { try await service.peers(of: code, reader: $0) }
        return try .json(
            ItemsDTO(
                items: peers.map {
                    PeerDTO(regionCode: $0.regionCode.rawValue, name: $0.name, phone: $0.phone, local: $0.isLocal)
                }))
    }

    @Sendable func request(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = IncidentID(try context.parameters.require("id"))
        let body = try await RequestBody<OfferInput>.decode(request)
        var checks = FieldChecks()
        let peer = checks.required(body.value.peer, "peer")
        let code = peer.flatMap { RegionCode($0) }
        if peer != nil, code == nil { checks.errors.append(FieldError("peer", .invalidFormat)) }
        let reason = checks.text(body.value.reason, "reason", max: TransferLifecycle.maxReasonLength)
        try ValidationError.check(checks.errors)
        guard let code, let reason else { throw ValidationError([FieldError("peer", .required)]) }
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(
            service.request(id, to: code, reason: reason, as: context.acting), idempotency: claim
        ) { change in
            try storedJSON(
                TransferDTO(incidentId: id.rawValue, version: change.incident.version, transfer: change.transfer),
                status: 201)
        }
        return .write(outcome)
    }

    @Sendable func withdraw(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = IncidentID(try context.parameters.require("id"))
        let transfer = TransferID(try context.parameters.require("transfer"))
        let body = try await RequestBody<ReasonBody>.decode(request)
        var checks = FieldChecks()
        let reason = checks.text(body.value.reason, "reason", max: TransferLifecycle.maxReasonLength)
        try ValidationError.check(checks.errors)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(
            service.withdraw(transfer, of: id, reason: reason ?? "", as: context.acting), idempotency: claim
        ) { change in
            try storedJSON(
                TransferDTO(incidentId: id.rawValue, version: change.incident.version, transfer: change.transfer),
                status: 200)
        }
        return .write(outcome)
    }

    @Sendable func tray(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.incidentCreate, .region(code))
        let since = dependencies.now().addingTimeInterval(-86_400)
        let transfers = try await store.read {
            try await $0.receivedTransfers(of: code, states: Set(ReceivedTransfer.State.allCases), since: since)
        }
        let ordered = transfers.filter { $0.state == .pending } + transfers.filter { $0.state != .pending }
        return try .json(ItemsDTO(items: ordered.map(ReceivedDTO.init)))
    }

    @Sendable func accept(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        let transfer = TransferID(try context.parameters.require("transfer"))
        let claim = try context.idempotencyClaim(request, fingerprint: "accept")
        let outcome = try await store.perform(
            service.accept(transfer, in: code, as: context.acting), idempotency: claim
        ) { accepted in
            try storedJSON(
                ReceivedDTO(accepted), status: 201,
                location: accepted.incidentID.map { "/api/v1/incidents/\($0.rawValue)" })
        }
        return .write(outcome)
    }

    @Sendable func decline(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        let transfer = TransferID(try context.parameters.require("transfer"))
        let body = try await RequestBody<ReasonBody>.decode(request)
        var checks = FieldChecks()
        let reason = checks.text(body.value.reason, "reason", max: TransferLifecycle.maxReasonLength)
        try ValidationError.check(checks.errors)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(
            service.decline(transfer, in: code, reason: reason ?? "", as: context.acting), idempotency: claim
        ) { try storedJSON(ReceivedDTO($0), status: 200) }
        return .write(outcome)
    }

    @Sendable func receive(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<TransferOffer>.decode(request)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(service.receive(body.value, as: context.acting), idempotency: claim) {
            received, created in
            try storedJSON(ReceivedDTO(received), status: created ? 201 : 200)
        }
        return .write(outcome)
    }

    @Sendable func answered(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let transfer = TransferID(try context.parameters.require("transfer"))
        let body = try await RequestBody<TransferReply>.decode(request)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(
            service.answered(transfer, body.value, as: context.acting), idempotency: claim
        ) { try storedJSON($0, status: 200) }
        return .write(outcome)
    }

    @Sendable func withdrawn(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let transfer = TransferID(try context.parameters.require("transfer"))
        let body = try await RequestBody<TransferWithdrawal>.decode(request)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let outcome = try await store.perform(
            service.withdrawn(transfer, body.value, as: context.acting), idempotency: claim
        ) { try storedJSON(ReceivedDTO($0), status: 200) }
        return .write(outcome)
    }

    struct OutboxDTO: Encodable, Sendable {
        var id: String
        var region: String
        var peer: String
        var path: String
        var createdAt: Date
        var attempts: Int
        var nextAttemptAt: Date?
        var deliveredAt: Date?
        var failedAt: Date?
        var lastError: String?
    }

    @Sendable func outbox(_ request: Request, context: AuthorizedContext) async throws -> Response {
        // A region's administrator reads the region's messages; a national one every region's.
        let visible = try await store.read { try await $0.recentInteropMessages() }.filter {
            AccessPolicy.decide(context.principal, .regionAdminister, .region($0.region)) == .allow
        }
        return try .json(
            ItemsDTO(
                items: visible.map {
                    OutboxDTO(
                        id: $0.id, region: $0.region.rawValue, peer: $0.peer.rawValue, path: $0.path,
                        createdAt: $0.createdAt,
                        attempts: $0.attempts,
                        nextAttemptAt: $0.deliveredAt == nil && $0.failedAt == nil ? $0.nextAttemptAt : nil,
                        deliveredAt: $0.deliveredAt, failedAt: $0.failedAt, lastError: $0.lastError)
                }))
    }
}
