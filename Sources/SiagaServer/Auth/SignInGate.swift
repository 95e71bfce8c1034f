/// Sign-in attempts in progress: at most one per account from each address, and a few per address, so the failure
/// count each attempt reads is not outrun by its siblings still hashing. In one process; several instances each
/// keep their own.
///
/// The account's gate is per address on purpose: an attacker hammering one account from one address holds only
/// that address's turn, and the account's owner signing in from elsewhere never waits behind it. The limits that
/// span addresses (fifty failures from anywhere) are counted from the audit log, where a few attempts racing from
/// different addresses can overshoot them by at most one each.
public actor SignInGate {
    static let perAddress = 4

    private struct Turn: Hashable {
        var username: String
        var address: String?
    }

    private var turns: Set<Turn> = []
    private var addresses: [String: Int] = [:]

    public init() {}

    func enter(username: String, address: String?) -> Bool {
        let turn = Turn(username: username, address: address)
        guard !turns.contains(turn), (address.map { addresses[$0, default: 0] } ?? 0) < Self.perAddress
        else { return false }
        turns.insert(turn)
        if let address { addresses[address, default: 0] += 1 }
        return true
    }

    func leave(username: String, address: String?) {
        turns.remove(Turn(username: username, address: address))
        guard let address else { return }
        addresses[address, default: 1] -= 1
        if addresses[address] == 0 { addresses[address] = nil }
    }
}
