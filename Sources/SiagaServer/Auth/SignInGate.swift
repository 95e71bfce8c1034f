/// Sign-in attempts in progress: at most one per account and a few per address, so the failure count each one
/// reads is not outrun by its siblings still hashing. In one process; several instances each keep their own.
public actor SignInGate {
    static let perAddress = 4

    private var accounts: Set<String> = []
    private var addresses: [String: Int] = [:]

    public init() {}

    func enter(username: String, address: String?) -> Bool {
        guard !accounts.contains(username), (address.map { addresses[$0, default: 0] } ?? 0) < Self.perAddress
        else { return false }
        accounts.insert(username)
        if let address { addresses[address, default: 0] += 1 }
        return true
    }

    func leave(username: String, address: String?) {
        accounts.remove(username)
        guard let address else { return }
        addresses[address, default: 1] -= 1
        if addresses[address] == 0 { addresses[address] = nil }
    }
}
