import Foundation
import Hummingbird

/// A web origin (RFC 6454): scheme, host and port, compared whole.
struct WebOrigin: Hashable {
    var scheme: String
    var host: String
    var port: Int

    /// Parses `http://host[:port]`, `https://…`; nil for anything else (`null`, a path, another scheme).
    init?(_ text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            let port = url.port ?? Self.defaultPort(scheme)
        else { return nil }
        self.init(scheme: scheme, host: host, port: port)
    }

    init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    static func defaultPort(_ scheme: String) -> Int? {
        switch scheme {
        case "http": 80
        case "https": 443
        default: nil
        }
    }

    /// The origin this request was addressed to: its `Host` and, behind a trusted proxy, the scheme the proxy says
    /// the client used (`X-Forwarded-Proto`), else plain HTTP, which is all this server speaks itself.
    static func addressed(by request: Request, behindProxy: Bool) -> WebOrigin? {
        guard let authority = request.head.authority else { return nil }
        let forwarded = behindProxy ? request.headers[.xForwardedProto]?.lowercased() : nil
        let scheme = forwarded == "https" ? "https" : "http"
        return WebOrigin("\(scheme)://\(authority)")
    }

    /// True when every `Origin` a browser could have sent with `request` is the origin the request was addressed
    /// to. Browsers send `http` or `https` origins, or `null` (a sandboxed or local page), which is refused; other
    /// values (`ws://host` from WebSocket libraries) come from programs, which could as well send none, and pass
    /// as if absent.
    static func allowed(_ request: Request, behindProxy: Bool) -> Bool {
        let own = addressed(by: request, behindProxy: behindProxy)
        return request.headers[values: .origin].allSatisfy { origin in
            let scheme = origin.split(separator: ":", maxSplits: 1).first?.lowercased()
            guard origin == "null" || scheme == "http" || scheme == "https" else { return true }
            return own != nil && WebOrigin(origin) == own
        }
    }
}
