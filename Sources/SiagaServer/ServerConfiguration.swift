import Foundation
public import Logging

/// How the server listens and logs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    /// The telephone switch's event API (kamailio's evapi) to take 112 calls from; none when calls are only
    /// recorded over the API.
    public var telephonySwitch: SwitchAddress?

    public init(
        host: String = "127.0.0.1", port: Int = 8112, logLevel: Logger.Level = .info,
        telephonySwitch: SwitchAddress? = nil
    ) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.telephonySwitch = telephonySwitch
    }
}

/// Where the switch's event API listens: `127.0.0.1:8448`.
public struct SwitchAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Reads `HOST:PORT`; nil for anything else.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port), colon > text.startIndex
        else { return nil }
        host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}
