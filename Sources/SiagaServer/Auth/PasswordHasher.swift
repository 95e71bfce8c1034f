import HummingbirdBcrypt
import NIOPosix
import SiagaCore
import SiagaStore

/// bcrypt, run on NIO's thread pool so a quarter-second hash never blocks an event loop.
struct PasswordHasher: Sendable {
    var cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// What a sign-in attempt verifies its password against: the user's own hash when the attempt could succeed, a
/// decoy of the same cost otherwise (an unknown user, a disabled account, a password bcrypt cannot read), so every
/// attempt costs one verification and a refusal takes as long whatever its reason.
struct PasswordCheck: Equatable {
    var hash: String
    var canSucceed: Bool

    init(for user: StoredUser?, password: String, cost: UInt8) {
        // bcrypt reads up to the first NUL; no stored password has one, so such input never signs in.
        if let user, !user.account.disabled, !PasswordRules.hasControlCharacter(password) {
            hash = user.passwordHash
            canSucceed = true
        } else {
            hash = Self.decoy(cost: cost)
            canSucceed = false
        }
    }

    /// A check against `hash` that may succeed.
    init(_ hash: String) {
        self.hash = hash
        canSucceed = true
    }

    /// A well-formed bcrypt hash of no known password: verifying against it does the full work and fails.
    static func decoy(cost: UInt8) -> String {
        let cost = min(max(cost, 4), 31)
        return "$2b$" + (cost < 10 ? "0" : "") + "\(cost)$" + "Siaga112DecoySaltOnly."
            + "uwT6eM0GnqZx3wq7FhB8Ck4Y9dJ1vR2"
    }
}
