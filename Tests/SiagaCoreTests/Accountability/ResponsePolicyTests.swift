import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Response policy")
struct ResponsePolicyTests {
    @Test("The defaults cover every step of every priority and cite their source")
    func defaultsAreComplete() {
        let policy = ResponsePolicy.defaults
        #expect(policy.problems().isEmpty)
        #expect(policy.target(.callAnswering, .p3) == 15)
        #expect(policy.target(.callProcessing, .p1) == 60)
        #expect(policy.targets.allSatisfy { $0.basis != nil })
    }

    @Test("A commitment for every priority applies where no priority-specific one exists")
    func commitmentForAllPriorities() {
        var policy = ResponsePolicy.defaults
        policy.targets.append(.init(.turnoutAndTravel, nil, seconds: 600, agencyID: .psc119))
        policy.targets.append(.init(.turnoutAndTravel, .p1, seconds: 480, agencyID: .psc119))
        #expect(policy.target(.turnoutAndTravel, .p1, agency: .psc119) == 480)
        #expect(policy.target(.turnoutAndTravel, .p3, agency: .psc119) == 600)
        #expect(policy.target(.turnoutAndTravel, .p3, agency: .damkar) == 3600)
    }

    @Test("A policy with holes, repeats or impossible figures is refused field by field")
    func invalidPolicies() {
        var policy = ResponsePolicy.defaults
        policy.targets.removeAll { $0.interval == .onSceneHandling && $0.priority == .p4 }
        policy.targets.append(.init(.callAnswering, nil, seconds: 0))
        policy.warningShare = 1.2
        policy.escalations.append(.init(.breach, afterTargetTimes: 3))

        let fields = Set(policy.problems().map(\.field))

        #expect(fields.contains("targets"))
        #expect(fields.contains("targets[\(policy.targets.count - 1)]"))
        #expect(fields.contains("targets[\(policy.targets.count - 1)].seconds"))
        #expect(fields.contains("warningShare"))
        #expect(fields.contains("escalations[3].stage"))
    }
}
