import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
import Logging
import NIOCore
public import SiagaCore

/// Per-request state for every route, public or not.
public struct SiagaRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set when the request upgrades to the live feed's WebSocket.
    public let webSocket: WebSocketHandlerReference<SiagaRequestContext>
    /// Who the request proved to be, set by ``AuthenticationMiddleware``.
    public var authentication: Authentication = .anonymous
    /// The peer's IP address, as the socket saw it.
    public let peerAddress: String?
    /// The client's address for limits and audit: the peer, or behind a trusted proxy the address it reports.
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are read by ``RequestBody`` with its own limit; this bounds anything else that decodes.
    public var maxUploadSize: Int { RequestLimits.maxBodyBytes }
}

/// The outcome of authenticating a request.
public enum Authentication: Sendable {
    /// No credentials were sent.
    case anonymous
    case authenticated(Principal)
    /// Credentials were sent but do not hold; protected routes answer 401 with the reason.
    case rejected(AuthenticationFailure)
}

/// Why credentials were not accepted.
public enum AuthenticationFailure: Hashable, Sendable {
    case missing
    case unknownSession
    case sessionExpired
    case sessionRevoked
    case accountDisabled
    case unknownToken
    case tokenRevoked
    /// A cookie-authenticated request that changes something came without the session's CSRF token.
    case csrfTokenMismatch
}

extension Request {
    /// The language for human-readable text in the response.
    var language: Language { Language(headers) }

    /// The client's address: behind a trusted reverse proxy the last `X-Forwarded-For` entry (the address the
    /// proxy itself saw), else the peer.
    /// Without a proxy the header is ignored, so a client cannot dodge the per-address sign-in limit with it.
    ///
    /// The proxy appends the address it saw to whatever the client sent, so only the last entry is believed.
    func clientAddress(peer: String?, trustProxy: Bool) -> String? {
        if trustProxy, let forwarded = headers[.xForwardedFor]?.split(separator: ",").last {
            let address = String(forwarded).trimmingWhitespace
            if !address.isEmpty { return String(address.prefix(64)) }
        }
        return peer
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
