/// Why the server ends a live console's connection: the `disconnect` message's `reason` and the close code.
///
/// | reason               | code | the console                                                                 |
/// |----------------------|------|-----------------------------------------------------------------------------|
/// | `signedOut`          | 4401 | shows the sign-in page: the session or token no longer holds                 |
/// | `credentialsChanged` | 4002 | reloads: the same credentials now stand for another role, agency or reach    |
/// | `tooSlow`            | 4008 | reconnects with `since` and catches up                                       |
///
/// Codes are in the private-use range 4000–4999; 4401 is also what a refused upgrade without credentials gets.
enum LiveEnding: Hashable, Sendable, CustomStringConvertible {
    /// Signed out, revoked, expired, disabled or reset: why, as a REST request would be refused now.
    case signedOut(AuthenticationFailure)
    case credentialsChanged
    /// Fell `capacity` messages behind.
    case tooSlow

    var reason: String {
        switch self {
        case .signedOut: "signedOut"
        case .credentialsChanged: "credentialsChanged"
        case .tooSlow: "tooSlow"
        }
    }

    var closeCode: UInt16 {
        switch self {
        case .signedOut: 4401
        case .credentialsChanged: 4002
        case .tooSlow: 4008
        }
    }

    var description: String {
        switch self {
        case .signedOut(let failure): "signedOut(\(failure))"
        case .credentialsChanged, .tooSlow: reason
        }
    }

    /// The `disconnect` message sent before the close.
    var message: String {
        LiveMessage.text(LiveMessage.Disconnect(reason: reason))
    }
}
