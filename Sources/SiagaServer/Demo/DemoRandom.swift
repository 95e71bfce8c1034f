/// SplitMix64: a small deterministic generator, so the demo is the same on every machine.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Picks by weight.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = Double.random(in: 0..<total, using: &self)
        for (value, weight) in choices {
            if roll < weight { return value }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }

    /// An Indonesian mobile number, 08xx-xxxx-xxxx.
    mutating func mobileNumber() -> String {
        let prefixes = ["0812", "0813", "0821", "0852", "0857", "0877", "0895", "0838"]
        return prefixes.randomElement(using: &self)! + String(Int.random(in: 10_000_000...99_999_999, using: &self))
    }
}
