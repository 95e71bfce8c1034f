/// How urgent an incident is. P1 is life-threatening and handled first.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable, ClosedValueSet {
    /// Life-threatening: a life is at risk now (fire with people inside, cardiac arrest, drowning).
    case p1 = "P1"
    /// Urgent: serious harm or damage is likely without a quick response.
    case p2 = "P2"
    /// Needs a response, no immediate danger (wasp nest, fallen tree blocking a road).
    case p3 = "P3"
    /// Low: can be scheduled (broken street light, information for an agency).
    case p4 = "P4"

    /// 1 for P1 … 4 for P4.
    public var rank: Int {
        switch self {
        case .p1: 1
        case .p2: 2
        case .p3: 3
        case .p4: 4
        }
    }

    /// P1 sorts first.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
