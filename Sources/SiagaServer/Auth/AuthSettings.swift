/// How sign-in behaves. The defaults suit a command center; tests shorten what they need to.
public struct AuthSettings: Sendable {
    /// A session unused for this long ends (a console left open keeps itself alive through its requests).
    public var idleTimeout: Duration
    /// A session ends this long after sign-in however active it is: longer than a shift, shorter than two.
    public var absoluteLifetime: Duration
    /// bcrypt's cost (log2 of its rounds): 12 takes about a quarter second per check, which slows guessing.
    public var passwordCost: UInt8
    /// Failed sign-ins of one account from one address within `failureWindow` after which that address is refused
    /// for that account until the window passes. Per address, so nobody can lock a call taker out from elsewhere.
    public var maxFailuresPerAccount: Int
    /// Failed sign-ins of one account from anywhere after which it is refused everywhere (a distributed guess).
    public var maxFailuresPerAccountAnywhere: Int
    /// The same for one client address, whatever the account.
    public var maxFailuresPerAddress: Int
    public var failureWindow: Duration
    /// Mark the session cookie `Secure` even when the request did not say it came over TLS.
    public var alwaysSecureCookies: Bool
    /// The server sits behind a reverse proxy that sets `X-Forwarded-For` and `X-Forwarded-Proto`; only then
    /// are those headers believed.
    public var behindProxy: Bool

    public init(
        idleTimeout: Duration = .seconds(60 * 60), absoluteLifetime: Duration = .seconds(12 * 60 * 60),
        passwordCost: UInt8 = 12, maxFailuresPerAccount: Int = 5, maxFailuresPerAccountAnywhere: Int = 50,
        maxFailuresPerAddress: Int = 20,
        failureWindow: Duration = .seconds(15 * 60), alwaysSecureCookies: Bool = false,
        behindProxy: Bool = false
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.passwordCost = passwordCost
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAccountAnywhere = maxFailuresPerAccountAnywhere
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.failureWindow = failureWindow
        self.alwaysSecureCookies = alwaysSecureCookies
        self.behindProxy = behindProxy
    }
}

extension Duration {
    /// Whole and fractional seconds, for arithmetic on `Date`s.
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
