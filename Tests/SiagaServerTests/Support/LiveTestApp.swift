import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization

@testable import SiagaServer

/// The application on a real port with its services running, for WebSocket clients.
struct LiveTestApp: Sendable {
    let client: any TestClientProtocol
    let database: TestDatabase
    let dependencies: Dependencies
    let sessions: TestSessions

    /// `liveNow` is the live feed's clock, for its checks of open consoles' sessions; requests use the real time.
    static func run<T: Sendable>(
        regions: [Region] = [.sidoarjo], maxReplay: Int64 = 10_000,
        liveNow: @escaping @Sendable () -> Date = { Date() }, _ body: @Sendable (LiveTestApp) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with(regions: regions) { database in
            var dependencies = Dependencies(
                store: database.store, attachments: AttachmentStorage.beside(database: database.path),
                auth: TestApp.auth)
            dependencies.live = EventPublisher(
                store: database.store, maxReplay: maxReplay, auth: TestApp.auth, now: liveNow)
            let running = dependencies
            let router = try buildRouter(dependencies)
            var logger = Logger(label: "siaga-live-test")
            logger.logLevel = .warning
            let app = Application(
                router: router, server: .siaga(webSocketRouter: router),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                services: [dependencies.live], logger: logger)
            return try await app.test(.live) { client in
                try await body(
                    LiveTestApp(
                        client: client, database: database, dependencies: running,
                        sessions: TestSessions(dependencies: running)))
            }
        }
    }

    func credentials(_ user: TestUser) async throws -> HTTPFields {
        let session = try await sessions.session(for: user)
        if session.isToken { return [.authorization: "Bearer \(session.secret)"] }
        return [.cookie: "\(Authenticator.sessionCookie)=\(session.secret)", .init("X-CSRF-Token")!: session.csrf]
    }

    /// A request over HTTP as `user`.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, as user: TestUser)
        async throws -> (HTTPResponse.Status, [String: Any])
    {
        var headers = try await credentials(user)
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        }
        return try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: body) {
            (
                $0.status,
                (try? JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))) as? [String: Any] ?? [:]
            )
        }
    }

    /// Opens the live feed as `user` (with `headers` instead of the user's own when given), collects its messages
    /// until `done` says so, then closes.
    func listen(
        as user: TestUser, since: EventID? = nil, headers: HTTPFields? = nil,
        until done: @escaping @Sendable ([LiveTestMessage]) -> Bool
    ) async throws -> [LiveTestMessage] {
        let received = Mutex<[LiveTestMessage]>([])
        let query = since.map { "?since=\($0)" } ?? ""
        var sent = headers ?? [:]
        if headers == nil { sent = try await credentials(user) }
        let headers = sent
        try await withTimeout {
            _ = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(client.port!)/api/v1/live\(query)",
                configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers),
                logger: Logger(label: "live-test-client")
            ) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    let all = received.withLock {
                        $0.append(LiveTestMessage(text))
                        return $0
                    }
                    if done(all) { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
        return received.withLock { $0 }
    }
}

extension LiveTestApp {
    /// A console left open: what it received, and how the server closed it.
    struct Ended: Sendable {
        var messages: [LiveTestMessage]
        var close: WebSocketCloseFrame?
        var closeCode: UInt16? {
            guard case .unknown(let code) = close?.closeCode else { return nil }
            return code
        }
    }

    /// Opens the live feed with `headers` (as `user` when nil) and keeps it open until the server closes it;
    /// `whileOpen` runs once the replay is done, then the feed's credential check runs once.
    func keepOpen(
        as user: TestUser, headers: HTTPFields? = nil, whileOpen: @escaping @Sendable () async throws -> Void
    ) async throws -> Ended {
        let received = Shared<[LiveTestMessage]>([])
        var sent = headers ?? [:]
        if headers == nil { sent = try await credentials(user) }
        let headers = sent
        let (ready, readiness) = AsyncStream<Void>.makeStream()
        return try await withThrowingTaskGroup(of: WebSocketCloseFrame??.self) { group in
            group.addTask {
                // A refused connection must not leave the test waiting for a `ready` that never comes.
                defer { readiness.finish() }
                return try await withTimeout {
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(client.port!)/api/v1/live",
                        configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers),
                        logger: Logger(label: "live-test-client")
                    ) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            let parsed = LiveTestMessage(text)
                            received.update { $0.append(parsed) }
                            if parsed.type == "ready" { readiness.yield() }
                        }
                    }
                }
            }
            var iterator = ready.makeAsyncIterator()
            guard await iterator.next() != nil else {
                let close = try await group.next() ?? nil
                return Ended(messages: received.get(), close: close ?? nil)
            }
            try await whileOpen()
            try await dependencies.live.recheckCredentials()
            let close = try await group.next() ?? nil
            return Ended(messages: received.get(), close: close ?? nil)
        }
    }
}

/// One message of the live feed, parsed.
struct LiveTestMessage: Sendable {
    let text: String
    let type: String
    let eventID: Int64?
    let lastEventID: Int64?
    let stream: String?

    init(_ text: String) {
        self.text = text
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        type = object["type"] as? String ?? ""
        eventID = (object["eventId"] as? String).flatMap { Int64($0) }
        lastEventID = (object["lastEventId"] as? String).flatMap { Int64($0) }
        stream = object["stream"] as? String
    }
}

/// Fails instead of hanging when a live test's messages never come.
func withTimeout<T: Sendable>(seconds: Int = 30, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let result = try await group.next(), let value = result else {
            throw CancellationError()
        }
        return value
    }
}

/// A value shared between tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
}
