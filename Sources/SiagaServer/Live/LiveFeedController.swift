import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import SiagaCore
import SiagaStore

/// The live feed: `GET /api/v1/live?since=<eventId>` upgrades to a WebSocket that first replays what the console
/// missed after `since`, then streams events as they commit, each once, in event-id order, and only those the
/// signed-in principal may see (the same policy as REST, caller numbers masked alike).
///
/// | message     | when                                                                                     |
/// |-------------|------------------------------------------------------------------------------------------|
/// | `event`     | a committed event: `eventId`, `stream`, `streamId`, `regionCode`, `at`, `payload`        |
/// | `ready`     | the replay is done; everything up to `lastEventId` has been sent                          |
/// | `heartbeat` | every 15 seconds, with the newest `lastEventId`                                           |
/// | `resync`    | `since` is too far behind to replay: reload over REST, then carry on from `lastEventId`   |
/// | `disconnect`| the server ends the connection, and why (``LiveEnding``: `signedOut`, `credentialsChanged`, `tooSlow`) |
///
/// The subscription is made before the replay is read, and the replay stops at the subscription's watermark,
/// so no event falls between the two and none comes twice.
///
/// A console that may not open the feed (no or ended credentials, no permission, another origin, an unreadable
/// `since`) is upgraded, sent a `disconnect` with reason `refused` and the problem document REST would answer, and
/// closed with 4000 + its status: 4401, 4403, 4400.
struct LiveFeedController {
    let store: SQLStore
    let publisher: EventPublisher
    let presence: ConsolePresenceBoard
    let auth: AuthSettings

    func addRoutes(to router: Router<SiagaRequestContext>) {
        router.add(middleware: UpgradeRequiredMiddleware(path: "/api/v1/live"))
        // Every upgrade is accepted and then checked: a refused upgrade could only be NIO's empty 400, which tells
        // a browser's WebSocket nothing. A refused console gets the problem and a close code instead.
        router.ws("api/v1/live") { inbound, outbound, context in
            let admitted: (principal: Principal, since: EventID?)
            do {
                admitted = try admit(context.request, context: context.requestContext)
            } catch {
                let problem =
                    ProblemDetails.from(error, context.request.language)
                    ?? .internalError(
                        context.request.language, reference: "live")
                try await refuse(problem, outbound)
                return
            }
            try await stream(to: admitted.principal, since: admitted.since, inbound: inbound, outbound: outbound)
        }
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("live/presence", .shiftRead, use: presence)
        group.get("live/stats", .reportRead, use: stats)
    }

    struct PresenceDTO: Encodable, Sendable {
        struct Person: Encodable, Sendable {
            var name: String
            var role: Role
            var agencyId: String?
            var connections: Int
            var since: Date
        }

        struct AgencyPresence: Encodable, Sendable {
            var agencyId: String
            var name: String
            /// Someone of the agency has its console open now.
            var online: Bool
        }

        var regionCode: String
        var connected: [Person]
        var agencies: [AgencyPresence]
    }

    /// Who has a live console open in a region (`region=35.15`): the supervisor sees which agencies are online.
    @Sendable func presence(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try QueryReader.requiredRegion(request)
        try context.authorize(.shiftRead, .region(code))
        let agencies = try await store.read { try await $0.agencies(of: code) }.filter(\.active)
        let connected = try await presence.connected(in: code)
        let online = Set(connected.compactMap(\.agency))
        return try .json(
            PresenceDTO(
                regionCode: code.rawValue,
                connected: connected.map {
                    PresenceDTO.Person(
                        name: $0.name, role: $0.role, agencyId: $0.agency?.rawValue, connections: $0.connections,
                        since: $0.since)
                },
                agencies: agencies.map {
                    PresenceDTO.AgencyPresence(agencyId: $0.id.rawValue, name: $0.name, online: online.contains($0.id))
                }))
    }

    /// Connected consoles, messages sent and consoles dropped for lag since the server started.
    @Sendable func stats(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try .json(await publisher.stats())
    }

    /// Checks what a REST route would: credentials, the permission, the page's origin, and a readable `since`.
    func admit(_ request: Request, context: SiagaRequestContext) throws -> (principal: Principal, since: EventID?) {
        let principal = try AuthorizedContext(context: context).principal
        guard AccessPolicy.mayEver(principal, .incidentRead) || AccessPolicy.mayEver(principal, .callRead) else {
            throw AccessDenied(denial: .notPermitted(principal.role, .incidentRead))
        }
        // A browser sends the cookie to a WebSocket of any origin: only pages of this very origin (scheme, host
        // and port) may use it.
        if case .session = principal.credential, !WebOrigin.allowed(request, behindProxy: auth.behindProxy) {
            throw AccessDenied(denial: .crossOrigin)
        }
        guard let since = Self.since(request) else { return (principal, nil) }
        guard let since else { throw ValidationError([FieldError("since", .invalidFormat)]) }
        return (principal, since)
    }

    /// Tells a refused console why, as REST would, and closes with the problem's status in the private range
    /// (4400, 4401, 4403…), which a browser's WebSocket can read.
    private func refuse(_ problem: ProblemDetails, _ outbound: WebSocketOutboundWriter) async throws {
        try await outbound.write(.text(LiveMessage.text(LiveMessage.Refused(problem: problem))))
        try await outbound.close(.unknown(UInt16(4000 + problem.status.code)), reason: problem.type)
    }

    private func stream(
        to principal: Principal, since: EventID?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        let subscription = try await publisher.subscribe(principal)
        do {
            let replayed = try await replay(to: principal, since: since, until: subscription.watermark, outbound)
            try await outbound.write(
                .text(
                    LiveMessage.text(
                        LiveMessage.Ready(lastEventId: subscription.watermark.description, replayed: replayed))))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await forward(subscription, outbound) }
                // Reading until the client closes is what ends the session.
                group.addTask { for try await _ in inbound {} }
                group.addTask { try await cutOffIfStalled(subscription.id) }
                try await group.next()
                group.cancelAll()
            }
        } catch is ConsoleStalled {
            // Returning closes the connection; its writes still waiting on a full socket are cancelled.
            publisher.logger.notice(
                "live console cut off: dropped for lag and not reading", metadata: ["principal": "\(principal.actor)"])
        } catch {
            await publisher.unsubscribe(subscription.id)
            throw error
        }
        await publisher.unsubscribe(subscription.id)
    }

    /// A console dropped for lag has `stalledGrace` to receive its `disconnect`. One whose socket is still full
    /// then (it stopped reading) is cut off, so it holds no buffers or tasks on the server.
    private func cutOffIfStalled(_ id: Int) async throws {
        while await !publisher.isDroppedForLag(id) { try await Task.sleep(for: .seconds(1)) }
        try await Task.sleep(for: Self.stalledGrace)
        throw ConsoleStalled()
    }

    static let stalledGrace: Duration = .seconds(10)

    private struct ConsoleStalled: Error {}

    /// Sends the events after `since` up to `watermark` that `principal` may see; returns how many.
    private func replay(
        to principal: Principal, since: EventID?, until watermark: EventID, _ outbound: WebSocketOutboundWriter
    )
        async throws -> Int
    {
        guard var cursor = since, cursor < watermark else { return 0 }
        if watermark.rawValue - cursor.rawValue > publisher.maxReplay {
            try await outbound.write(
                .text(LiveMessage.text(LiveMessage.Resync(reason: "tooFarBehind", lastEventId: watermark.description))))
            return 0
        }
        var sent = 0
        while cursor < watermark {
            let events = try await store.read { reader in
                let stored = try await reader.events(after: cursor, limit: 500).filter { $0.id <= watermark }
                return try await LiveEvent.build(stored, reader: reader)
            }
            guard let last = events.last else { break }
            for event in events where event.isVisible(to: principal) {
                try await outbound.write(.text(bytes: event.message(for: principal)))
                sent += 1
            }
            cursor = last.id
        }
        return sent
    }

    private func forward(_ subscription: EventPublisher.Subscription, _ outbound: WebSocketOutboundWriter)
        async throws
    {
        var ending: LiveEnding?
        for await frame in subscription.frames {
            switch frame {
            case .message(let bytes): try await outbound.write(.text(bytes: bytes))
            case .end(let reason): ending = reason
            }
            if ending != nil { break }
        }
        guard !Task.isCancelled else { return }
        if ending == nil, await publisher.wasDroppedForLag(subscription.id) { ending = .tooSlow }
        guard let ending else { return }
        try await outbound.write(.text(ending.message))
        try await outbound.close(.unknown(ending.closeCode), reason: ending.reason)
    }

    /// `since` from the query: nil when absent, `.some(nil)` when unreadable.
    static func since(_ request: Request) -> EventID?? {
        guard let text = request.uri.queryParameters.get("since") else { return nil }
        guard let value = Int64(text), value >= 0 else { return .some(nil) }
        return EventID(rawValue: value)
    }
}

/// A plain GET of the live feed (no `Upgrade: websocket`) gets 426 with `Upgrade: websocket`, not an empty 200;
/// without credentials, 401 first, as everywhere.
struct UpgradeRequiredMiddleware: RouterMiddleware {
    let path: String

    func handle(
        _ request: Request, context: SiagaRequestContext,
        next: (Request, SiagaRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path == path,
            request.headers[HTTPField.Name("Upgrade")!]?.lowercased().contains("websocket") != true
        else { return try await next(request, context) }
        _ = try AuthorizedContext(context: context)
        var response = try ProblemDetails.upgradeRequired(request.language).response(from: request, context: context)
        response.headers[HTTPField.Name("Upgrade")!] = "websocket"
        return response
    }
}

extension WebSocketOutboundWriter.OutboundFrame {
    /// A text message from bytes already encoded: the same buffer goes to every console without a copy.
    static func text(bytes: ByteBuffer) -> Self { .custom(WebSocketFrame(fin: true, opcode: .text, data: bytes)) }
}
