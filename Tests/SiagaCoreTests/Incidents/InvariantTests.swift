import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident invariants")
struct InvariantTests {
    @Test("Every fixture incident keeps the invariants", arguments: Incident.FixtureState.allCases)
    func fixturesKeepInvariants(_ state: Incident.FixtureState) {
        // given, when
        let incident = Incident.fixture(state)

        // then
        #expect(incident.verifyInvariants())
    }

    @Test("Every intermediate state of a long story keeps the invariants")
    func everyPrefixKeepsInvariants() throws {
        // given
        let history = try FullStory.incident().history

        for length in 1...history.count {
            // when
            let incident = try #require(Incident.replay(history.prefix(length)))

            // then
            #expect(incident.verifyInvariants(), "after \(length) events")
            #expect(incident.version == length)
        }
    }

    /// A way to break an incident that `evolve` never produces.
    struct Corruption: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var start: Incident.FixtureState
        var apply: @Sendable (inout Incident) -> Void
    }

    static let corruptions: [Corruption] = [
        Corruption(testDescription: "version 0", start: .logged) { $0.version = 0 },
        Corruption(testDescription: "number of another region", start: .logged) { $0.regionCode = Region.blitar.code },
        Corruption(testDescription: "same call linked twice", start: .logged) { $0.callIDs.append(CallID("call-1")) },
        Corruption(testDescription: "same agency dispatched twice", start: .dispatched) {
            $0.dispatches.append($0.dispatches[0])
        },
        Corruption(testDescription: "logged with a dispatch", start: .dispatched) { $0.status = .logged },
        Corruption(testDescription: "dispatched with no agency", start: .classified) { $0.status = .dispatched },
        Corruption(testDescription: "resolved with no resolution", start: .resolved) { $0.resolution = nil },
        Corruption(testDescription: "closed without being resolved", start: .dispatched) {
            $0.status = .closed
            $0.closedAt = .t0
        },
        Corruption(testDescription: "closed before it was resolved", start: .closed) {
            $0.closedAt = $0.resolvedAt?.addingTimeInterval(-1)
        },
        Corruption(testDescription: "cancelled without a reason", start: .cancelled) { $0.cancellationReason = nil },
    ]

    @Test("The invariants catch a broken incident", arguments: corruptions)
    func invariantsCatchCorruption(_ corruption: Corruption) throws {
        // given
        var incident = Incident.fixture(corruption.start)
        try #require(incident.verifyInvariants())

        // when
        corruption.apply(&incident)

        // then
        #expect(!incident.verifyInvariants())
    }
}
