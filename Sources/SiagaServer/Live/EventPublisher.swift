import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import SiagaCore
import SiagaStore

/// Publishes every committed event, in event-id order, to every subscriber that may see it.
///
/// It follows the log rather than the writers: woken after commits, it reads the events after the last one it
/// published, so it sees them in the order the store gave them ids, once each, whoever wrote them (another
/// instance's writes arrive the same way once a `LISTEN` bridge raises the store's commit signal).
///
/// A subscriber's queue is bounded: one that falls `capacity` messages behind is dropped with a reason and
/// reconnects to catch up from the store, so a slow console never holds up the others or the writers.
actor EventPublisher: Service {
    /// What a subscriber receives.
    enum Frame: Sendable {
        /// A text message, its bytes shared by every subscriber it goes to.
        case message(ByteBuffer)
        /// The server ends the subscription: the console is told why and the socket closes with the reason's code.
        case end(LiveEnding)
    }

    struct Subscription: Sendable {
        var id: Int
        /// Events up to here are not delivered live: the subscriber replays them from the store.
        var watermark: EventID
        var frames: AsyncStream<Frame>
    }

    /// Counters for `GET /live/stats`.
    struct Stats: Sendable, Encodable {
        var connected: Int
        var messagesSent: Int
        var disconnectedForLag: Int
        var lastEventId: String
    }

    private struct Subscriber {
        var principal: Principal
        var continuation: AsyncStream<Frame>.Continuation
        var connectedAt: Date
    }

    let store: SQLStore
    let capacity: Int
    /// More missed events than this are not replayed: the client reloads over REST instead.
    let maxReplay: Int64
    let heartbeat: Duration
    /// How often open consoles' credentials are checked again, so a revoked, expired or changed one is cut off.
    let credentialCheck: Duration
    let auth: AuthSettings
    let now: @Sendable () -> Date
    let logger: Logger
    private var published: EventID?
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    private var sent = 0
    private var dropped = 0
    private var droppedIDs: Set<Int> = []
    private static let batch = 500
    private let connectedGauge = Gauge(label: "siaga_live_connected_consoles")
    private let sentCounter = Counter(label: "siaga_live_messages_sent_total")
    private let laggedCounter = Counter(label: "siaga_live_disconnects_for_lag_total")

    init(
        store: SQLStore, capacity: Int = 1024, maxReplay: Int64 = 10_000, heartbeat: Duration = .seconds(15),
        credentialCheck: Duration = .seconds(1), auth: AuthSettings = AuthSettings(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "siaga.live")
    ) {
        self.store = store
        self.capacity = capacity
        self.maxReplay = maxReplay
        self.heartbeat = heartbeat
        self.credentialCheck = credentialCheck
        self.auth = auth
        self.now = now
        self.logger = logger
    }

    func run() async throws {
        try await startIfNeeded()
        let wakeUps = store.commits.wakeUps()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in wakeUps { await self.publishLogged() }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.heartbeat)
                    // A wake-up can only be missed across instances; the heartbeat also catches up then.
                    await self.publishLogged()
                    await self.beat()
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.credentialCheck)
                    await self.recheckCredentialsLogged()
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        for subscriber in subscribers.values { subscriber.continuation.finish() }
    }

    /// Registers `principal`; events after the returned watermark arrive on the stream.
    func subscribe(_ principal: Principal) async throws -> Subscription {
        try await startIfNeeded()
        nextID += 1
        let (frames, continuation) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingOldest(capacity))
        subscribers[nextID] = Subscriber(principal: principal, continuation: continuation, connectedAt: now())
        connectedGauge.record(subscribers.count)
        let id = nextID
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return Subscription(id: id, watermark: published ?? EventID(rawValue: 0), frames: frames)
    }

    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.continuation.finish()
        connectedGauge.record(subscribers.count)
    }

    /// True when the subscription was dropped because its subscriber fell too far behind (without consuming it).
    func isDroppedForLag(_ id: Int) -> Bool { droppedIDs.contains(id) }

    /// True (once) when the subscription ended because its subscriber fell too far behind.
    func wasDroppedForLag(_ id: Int) -> Bool {
        droppedIDs.remove(id) != nil
    }

    /// Who is connected now: each principal with its number of connections.
    func connected() -> [(principal: Principal, connections: Int, since: Date)] {
        var byName: [String: (Principal, Int, Date)] = [:]
        for subscriber in subscribers.values {
            let key = "\(subscriber.principal.actor)"
            let earlier = byName[key]
            byName[key] = (
                subscriber.principal, (earlier?.1 ?? 0) + 1,
                min(earlier?.2 ?? subscriber.connectedAt, subscriber.connectedAt)
            )
        }
        return byName.values.map { ($0.0, $0.1, $0.2) }.sorted { $0.principal.name < $1.principal.name }
    }

    func stats() -> Stats {
        Stats(
            connected: subscribers.count, messagesSent: sent, disconnectedForLag: dropped,
            lastEventId: (published ?? EventID(rawValue: 0)).description)
    }

    /// Publishes everything committed since the last call.
    func publish() async throws {
        try await startIfNeeded()
        while let from = published {
            let events = try await store.read { reader in
                let stored = try await reader.events(after: from, limit: Self.batch)
                return try await LiveEvent.build(stored, reader: reader)
            }
            // Another publish() may have run while this one read: continue only from where that left off.
            let fresh = events.filter { $0.id > (published ?? from) }
            guard !fresh.isEmpty else { return }
            for event in fresh { deliver(event) }
            if events.count < Self.batch { return }
        }
    }

    private func deliver(_ event: LiveEvent) {
        for (id, subscriber) in subscribers where event.isVisible(to: subscriber.principal) {
            send(.message(event.message(for: subscriber.principal)), to: id)
        }
        published = event.id
    }

    private func beat() {
        let text = LiveMessage.text(
            LiveMessage.Heartbeat(lastEventId: (published ?? EventID(rawValue: 0)).description, at: now()))
        let message = ByteBuffer(string: text)
        for id in subscribers.keys { send(.message(message), to: id) }
    }

    private func send(_ frame: Frame, to id: Int) {
        guard let subscriber = subscribers[id] else { return }
        switch subscriber.continuation.yield(frame) {
        case .enqueued:
            sent += 1
            sentCounter.increment()
        case .dropped:
            // Full: the subscriber is too far behind to keep in memory. It is told why on its own task.
            dropped += 1
            laggedCounter.increment()
            droppedIDs.insert(id)
            subscribers[id] = nil
            subscriber.continuation.finish()
            logger.notice("live subscriber dropped for lag", metadata: ["principal": "\(subscriber.principal.actor)"])
            connectedGauge.record(subscribers.count)
        case .terminated:
            subscribers[id] = nil
        @unknown default:
            subscribers[id] = nil
        }
    }

    /// Checks every open console's credentials against the store, as a REST request would now, and ends the
    /// subscription of each whose credentials no longer hold (signed out, revoked, expired, disabled, password
    /// reset) or now stand for someone else (a changed role, agency, jurisdiction or units). Every instance checks
    /// its own consoles against the shared store, so a change made on one reaches the consoles of all.
    func recheckCredentials() async throws {
        let open = subscribers
        guard !open.isEmpty else { return }
        var sessionIDs: Set<String> = []
        var tokenIDs: Set<String> = []
        for subscriber in open.values {
            switch subscriber.principal.credential {
            case .session(let id): sessionIDs.insert(id)
            case .token(let id): tokenIDs.insert(id)
            }
        }
        let (sessions, tokens) = try await store.read { reader in
            (try await reader.sessions(ids: sessionIDs), try await reader.tokens(ids: tokenIDs))
        }
        let now = now()
        for (id, subscriber) in open where subscribers[id] != nil {
            let checked = CredentialCheck.recheck(
                subscriber.principal, sessions: sessions, tokens: tokens, now: now, settings: auth)
            switch checked {
            case .authenticated(let principal) where principal == subscriber.principal: continue
            case .authenticated: end(id, .credentialsChanged)
            case .rejected(let failure): end(id, .signedOut(failure))
            case .anonymous: end(id, .signedOut(.missing))
            }
        }
    }

    private func end(_ id: Int, _ ending: LiveEnding) {
        guard let subscriber = subscribers.removeValue(forKey: id) else { return }
        subscriber.continuation.yield(.end(ending))
        subscriber.continuation.finish()
        connectedGauge.record(subscribers.count)
        logger.notice(
            "live console ended", metadata: ["principal": "\(subscriber.principal.actor)", "reason": "\(ending)"])
    }

    private func recheckCredentialsLogged() async {
        do { try await recheckCredentials() } catch {
            logger.error("live credential check failed", metadata: ["error": "\(error)"])
        }
    }

    private func publishLogged() async {
        do { try await publish() } catch { logger.error("live publish failed", metadata: ["error": "\(error)"]) }
    }

    private func startIfNeeded() async throws {
        guard published == nil else { return }
        let last = try await store.read { try await $0.lastEventID() }
        if published == nil { published = last }
    }
}
