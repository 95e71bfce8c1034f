import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("An incident a system opened waits for a call taker's verification before it is forwarded")
struct VerificationTests {
    static func quakeIncident() throws -> IncidentScenario {
        var report = CreateIncident(
            regionCode: Region.sidoarjo.code, classification: Classification(category: "kebakaran", subcategory: nil),
            description: "Gempa M6.2 (BMKG 20261205143521): dirasakan MMI V")
        report.verification = VerificationRequest(source: "bmkg", reference: "20261205143521")
        return try IncidentScenario(report, by: .system("bmkg"))
    }

    @Test("Forwarding before verification is refused; after it, the forward goes out and the verifier is recorded")
    func forwardAfterVerification() throws {
        // given
        var scenario = try Self.quakeIncident()
        #expect(scenario.incident.awaitsVerification)

        // when, then
        #expect(throws: TransitionError.awaitingVerification) {
            try scenario.run(.forward(agencies: [.damkar], proposal: nil, reason: nil))
        }
        #expect(throws: TransitionError.awaitingVerification) { try scenario.run(.dispatch(.damkar, note: nil)) }
        try scenario.run(.verify(note: "Camat: gudang terbakar"), by: .callTaker)
        #expect(!scenario.incident.awaitsVerification)
        #expect(scenario.incident.verification?.verifiedBy == .callTaker)
        try scenario.run(.forward(agencies: [.damkar], proposal: nil, reason: nil))
        #expect(scenario.incident.status == .dispatched)
    }

    @Test("A region that forwards P1 automatically does not forward one awaiting verification")
    func noAutomaticForward() throws {
        var scenario = try Self.quakeIncident()
        let proposal = RoutingProposal(primary: .damkar, supporting: [], matrixVersion: 1)
        #expect(scenario.incident.priority == .p1)
        #expect(DispatchLifecycle.automaticForward(scenario.incident, proposal: proposal, rules: .demo).isEmpty)
        try scenario.run(.verify(note: nil))
        #expect(!DispatchLifecycle.automaticForward(scenario.incident, proposal: proposal, rules: .demo).isEmpty)
    }

    @Test("An incident a person opened, or one already verified, cannot be verified")
    func nothingToVerify() throws {
        var reported = IncidentScenario.fixture(.classified)
        #expect(throws: TransitionError.notAwaitingVerification) { try reported.run(.verify(note: nil)) }
        var quake = try Self.quakeIncident()
        try quake.run(.verify(note: nil))
        #expect(throws: TransitionError.notAwaitingVerification) { try quake.run(.verify(note: nil)) }
    }
}
