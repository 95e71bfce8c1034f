/// A step of handling an emergency that the center is accountable for, measured from the timeline. The names and
/// boundaries follow the standards' interval definitions so a region's figures compare with other centers':
///
/// | interval           | from                        | to                                   | standard                   |
/// |--------------------|-----------------------------|--------------------------------------|----------------------------|
/// | `callAnswering`    | the call starts ringing     | a call taker answers                 | NENA-STA-020.1 call answering |
/// | `callProcessing`   | the call is answered        | the first agency is notified         | NFPA 1225 alarm processing |
/// | `alarmAnswering`   | an agency is notified       | it acknowledges (or declines)        | NFPA 1710 alarm answering  |
/// | `unitAssignment`   | the agency acknowledged     | its first unit is assigned           | start of NFPA 1710 turnout |
/// | `turnoutAndTravel` | the first unit is assigned  | a unit is on scene                   | NFPA 1710 turnout + travel |
/// | `onSceneHandling`  | a unit is on scene          | the agency reports it completed      | (local target)             |
public enum ResponseInterval: String, Codable, Sendable, CaseIterable, Comparable {
    case callAnswering
    case callProcessing
    case alarmAnswering
    case unitAssignment
    case turnoutAndTravel
    case onSceneHandling

    /// Intervals an agency's dispatch runs through; the others belong to the command center.
    public var isAgencyStep: Bool {
        switch self {
        case .callAnswering, .callProcessing: false
        case .alarmAnswering, .unitAssignment, .turnoutAndTravel, .onSceneHandling: true
        }
    }

    /// In the order the steps happen.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How far an overdue step has been taken: a warning before the target, the breach at it, then up the chain.
public enum ResponseStage: String, Codable, Sendable, CaseIterable, Comparable {
    /// A share of the target has passed (``ResponsePolicy/warningShare``).
    case warning
    /// The target passed without the step being done.
    case breach
    /// Escalated to the command center's supervisor console.
    case supervisor
    /// Escalated to the agency's head (kepala dinas or their duty officer); only for an agency's steps.
    case agencyHead
    /// Escalated to the region's leadership (pimpinan).
    case leadership

    /// The stages of escalation after a breach, in order.
    public static let escalations: [ResponseStage] = [.supervisor, .agencyHead, .leadership]

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
