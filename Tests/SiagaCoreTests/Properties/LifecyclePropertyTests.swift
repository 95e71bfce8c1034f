import Foundation
import SiagaTestSupport
import Testing

@testable import SiagaCore

/// A small, seeded random source: the same seed gives the same histories, so a failure can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Properties of the core that hold for any history, checked on generated ones.
@Suite("Properties: generated histories")
struct LifecyclePropertyTests {
    static let seeds: [UInt64] = (1...40).map { UInt64($0) * 7919 }

    static let agencies: [AgencyID] = [.damkar, .bpbd, .polresta, .psc119]

    /// Any command, valid or not, for the incident as it is.
    static func command(_ random: inout SplitMix) -> IncidentCommand {
        let agency = agencies.randomElement(using: &random)!
        let steps: [DispatchCommand] = [
            .acknowledge(acknowledgedBy: nil, channel: nil), .assignUnit(.damkarWaru1), .markEnRoute(nil),
            .markOnScene(nil), .complete(DispatchOutcome(summary: "Selesai")), .decline(reason: "Bukan tugas"),
            .reroute(to: agencies.randomElement(using: &random)!, reason: "Alih"), .cancel(reason: "Batal"),
        ]
        let commands: [IncidentCommand] = [
            .classify(Classification(category: "kebakaran", subcategory: "rumah"), priority: nil),
            .classify(Classification(category: "medis"), priority: .p2),
            .changePriority(Priority.allCases.randomElement(using: &random)!, reason: "Dinilai ulang"),
            .addNote("Catatan"), .dispatch(agency, note: nil),
            .forward(agencies: [agency], proposal: nil, reason: nil), .resolve(summary: "Selesai"),
            .close(note: nil), .reopen(reason: "Lagi"), .cancel(reason: "Palsu"),
            .updateDispatch(agency, steps.randomElement(using: &random)!),
        ]
        return commands.randomElement(using: &random)!
    }

    @Test(
        "Whatever commands arrive in whatever order, every accepted one keeps the invariants and the replay equals the projection",
        arguments: seeds)
    func anyHistoryKeepsTheInvariants(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var story = IncidentScenario.fixture(.logged)
        for _ in 0..<60 {
            let command = Self.command(&random)
            _ = try? story.run(command, after: Double(Int.random(in: 1...600, using: &random)))
            #expect(story.incident.verifyInvariants(), "seed \(seed) after \(command.action)")
        }
        #expect(Incident.replay(story.history) == story.incident, "seed \(seed)")
    }

    @Test(
        "Whatever the history, the SLA engine records each stage of each clock at most once, never before it is due",
        arguments: seeds)
    func marksAreNeverDoubledNorEarly(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var story = IncidentScenario.fixture(.classified)
        for _ in 0..<50 {
            if Bool.random(using: &random) {
                _ = try? story.run(Self.command(&random), after: Double(Int.random(in: 1...300, using: &random)))
            } else {
                story.watch(after: Double(Int.random(in: 1...900, using: &random)))
            }
        }
        let marks = story.incident.responseMarks
        let keys = marks.map {
            "\($0.interval)|\($0.agencyID?.rawValue ?? "")|\($0.startedAt.timeIntervalSince1970)|\($0.stage)"
        }
        #expect(Set(keys).count == keys.count, "seed \(seed): a stage recorded twice")
        for (event, metadata) in story.history {
            guard case .responseWarning(let mark) = event else { continue }
            #expect(metadata.at >= mark.dueAt, "seed \(seed): a warning before it was due")
        }
    }

    @Test("The matrix always proposes the most specific matching row", arguments: seeds)
    func mostSpecificRowWins(seed: UInt64) {
        var random = SplitMix(state: seed)
        let categories = ["kebakaran", "medis", "kecelakaan"]
        let subcategories: [String?] = [nil, "rumah", "lalu-lintas"]
        let kecamatan: [RegionCode?] = [nil, RegionCode("35.15.18"), RegionCode("35.15.01")]
        var seen: Set<String> = []
        var rows: [ResponsibilityMatrix.Row] = []
        for _ in 0..<12 {
            let row = ResponsibilityMatrix.Row(
                category: categories.randomElement(using: &random)!,
                subcategory: subcategories.randomElement(using: &random)!,
                kecamatan: kecamatan.randomElement(using: &random)!,
                primary: Self.agencies.randomElement(using: &random)!)
            if seen.insert(row.key).inserted { rows.append(row) }
        }
        let matrix = ResponsibilityMatrix(rows: rows, fallback: [.bpbd])
        for _ in 0..<30 {
            let asked = Classification(
                category: categories.randomElement(using: &random)!,
                subcategory: subcategories.randomElement(using: &random)!)
            let place = kecamatan.randomElement(using: &random)!
            let proposal = matrix.route(asked, kecamatan: place, version: 1)
            let matching = rows.filter { $0.matches(asked, kecamatan: place) }
            if let best = matching.map(\.specificity).max() {
                #expect(matching.filter { $0.specificity == best }.map(\.primary).contains(proposal.primary!))
                #expect(!proposal.isFallback)
            } else {
                #expect(proposal.isFallback)
                #expect(proposal.agencies == [.bpbd])
            }
        }
    }

    @Test("The AML parser never traps: any text is a message or a rejection with its reason", arguments: seeds)
    func amlParserTotal(seed: UInt64) {
        var random = SplitMix(state: seed)
        let valid =
            "A\"ML=1;lt=-7.35450;lg=+112.73400;rd=12;top=20261123025950;lc=68;pm=G;si=510101234567890;ei=356938035643809;mcc=510;mnc=10;ml=138"
        let alphabet = Array("AML=1;ltgrdopcmsiemcn+-.0123456789\"\n ;=ÿ")
        for _ in 0..<200 {
            var text = Array(valid)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text[index] = alphabet.randomElement(using: &random)!
                case 1: text.remove(at: index)
                default: text.insert(alphabet.randomElement(using: &random)!, at: index)
                }
            }
            let parsed = Result { () throws(AMLRejection) in try AMLMessage.parse(String(text), now: .t0) }
            switch parsed {
            case .success(let message): #expect(message.coordinate.map { (-90...90).contains($0.latitude) } ?? true)
            case .failure: break
            }
        }
    }
}
