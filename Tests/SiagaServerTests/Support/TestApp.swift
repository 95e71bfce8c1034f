import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization

@testable import SiagaServer

/// The real application over a fresh SQLite database, a pinned clock and counting ids, driven in-process.
struct TestApp: Sendable {
    let client: any TestClientProtocol
    let database: TestDatabase
    let clock: TestClock
    /// Who requests act as unless a request names someone else.
    let user: TestUser
    /// The application's dependencies, for driving its background work (the answer timer) by hand.
    let dependencies: Dependencies
    private let sessions: TestSessions

    /// Short waits and cheap hashes: the rules are the same, the tests just do not wait for them.
    static let auth = AuthSettings(passwordCost: 4)

    @discardableResult
    static func run<T: Sendable>(
        regions: [Region] = [.sidoarjo],
        clock: TestClock = TestClock(),
        as user: TestUser = .supervisor,
        auth: AuthSettings = TestApp.auth,
        channels: NoticeConfiguration? = nil,
        transfers: TransferSettings = TransferSettings(),
        capSigner: CAPSigner? = nil,
        _ body: @Sendable (TestApp) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with(regions: regions) { database in
            let counter = Counter()
            var dependencies = Dependencies(
                store: database.store, now: clock.nowFunction, ids: IDGenerator { "id-\(counter.next())" },
                attachments: AttachmentStorage.beside(database: database.path), auth: auth)
            if let channels { try dependencies.reachAgencies(through: channels, logger: Logger(label: "test")) }
            dependencies.transfers = transfers
            dependencies.capSigner = capSigner
            let built = dependencies
            let app = Application(router: try buildRouter(built))
            return try await app.test(.router) { client in
                try await body(
                    TestApp(
                        client: client, database: database, clock: clock, user: user, dependencies: built,
                        sessions: TestSessions(dependencies: built)))
            }
        }
    }

    /// Headers that sign a request in as `user`: a real session cookie and its CSRF token.
    func credentials(_ user: TestUser) async throws -> HTTPFields {
        let session = try await sessions.session(for: user)
        if session.isToken { return [.authorization: "Bearer \(session.secret)"] }
        return [.cookie: "\(Authenticator.sessionCookie)=\(session.secret)", .init("X-CSRF-Token")!: session.csrf]
    }

    /// Sends a request with an optional JSON body (a dictionary, or raw text for malformed-body tests).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        json: [String: Any]? = nil,
        raw: String? = nil,
        bytes: [UInt8]? = nil,
        headers: HTTPFields = [:],
        as user: TestUser? = nil,
        signedIn: Bool = true,
        under prefix: String = "/api/v1"
    ) async throws -> TestResponse {
        var headers = headers
        if signedIn, headers[.cookie] == nil, headers[.authorization] == nil {
            headers.append(contentsOf: try await credentials(user ?? self.user))
        }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
            if headers[.contentType] == nil { headers[.contentType] = "application/octet-stream" }
        }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: prefix + path, method: method, headers: headers, body: body) {
            response in
            TestResponse(
                status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }
}

struct TestResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data

    /// The body as a JSON object; empty when it is not one.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }

    subscript(path: String) -> Any? { json.value(at: path) }
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a dotted path such as `call.status` or `errors.0.field`.
    func value(at path: String) -> Any? {
        var current: Any? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }
}

/// Ids `id-1`, `id-2`, … in the order the server asks for them.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
