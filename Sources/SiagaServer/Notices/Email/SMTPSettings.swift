/// The mail server that e-mail notices are handed to (the region's relay or the agencies' provider) and how.
struct SMTPSettings: Sendable, Hashable {
    /// How the connection to the server is protected.
    enum Security: Sendable, Hashable {
        /// STARTTLS when the server offers it, in clear otherwise. Credentials are still never sent in clear: with
        /// `username` and `password` set, a server that offers no STARTTLS is taken as unavailable.
        case startTLSIfOffered
        /// STARTTLS always: a server that offers none is taken as unavailable.
        case startTLSRequired
        /// Never encrypted, credentials included: only for a relay on this host or a network Siaga112 trusts.
        case none
    }

    var host: String
    var port: Int
    /// With `password`, the account that AUTH PLAIN (or LOGIN) signs in as; without either, no AUTH is sent.
    var username: String?
    var password: String?
    /// The sender's address, in the envelope and in `From`.
    var from: String
    /// The sender's name in `From`.
    var fromName: String
    /// The name given in EHLO: this host's domain.
    var heloName: String
    var security: Security
    /// The longest one message may take, from connecting until the server has accepted it.
    var timeout: Duration
    /// A PEM file of the CA certificates that the server's certificate must chain to, instead of the system's (a
    /// private CA). Certificates are always verified, the host name included.
    var trustRoots: String?

    /// - Parameter heloName: when `nil`, the domain of `from`.
    init(
        host: String, port: Int = 587, username: String? = nil, password: String? = nil, from: String,
        fromName: String = "Command Center 112", heloName: String? = nil, security: Security = .startTLSIfOffered,
        timeout: Duration = .seconds(15), trustRoots: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.heloName = heloName ?? String(from.split(separator: "@").last ?? "localhost")
        self.security = security
        self.timeout = timeout
        self.trustRoots = trustRoots
    }

    /// The account to sign in as, when both halves are set.
    var credentials: (username: String, password: String)? {
        guard let username, let password else { return nil }
        return (username, password)
    }
}

extension SMTPSettings: CustomStringConvertible {
    /// The settings for a log line: the password left out.
    var description: String {
        let account = username.map { "\($0)@" } ?? ""
        return "smtp://\(account)\(host):\(port) (\(security), from \(from))"
    }
}
