import Foundation
import SiagaCore
import Testing

@Suite("The monthly dataset's definitions")
struct MonthlyDatasetTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func month(calls: [CallFact] = [], trunks: [String] = []) -> MonthlyDataset.Month {
        MonthlyDataset.Month(
            regionCode: RegionCode("16.06")!, regionName: "Kabupaten Musi Banyuasin", month: "2026-11",
            timeZone: "WIB", calls: calls, steps: [], incidents: [], trunks: trunks, answerTarget: 15)
    }

    static func call(_ number: Int, answeredAfter seconds: Double?, _ disposition: CallDisposition?) -> CallFact {
        let ring = start.addingTimeInterval(Double(number) * 60)
        return CallFact(
            id: CallID("c\(number)"), ringAt: ring, answeredAt: seconds.map { ring.addingTimeInterval($0) },
            disposition: disposition, channel: .voice112, callTaker: "operator")
    }

    func value(_ dataset: MonthlyDataset, _ name: String) -> MonthlyDataset.Value? {
        dataset.row.first { $0.name == name }?.value
    }

    @Test("A month without calls has its counts at zero and its shares and times empty, never a division by zero")
    func emptyMonth() {
        let dataset = MonthlyDataset(Self.month()) { _, key in key }
        #expect(value(dataset, "calls_in") == .count(0))
        #expect(value(dataset, "valid_emergency_share") == .share(nil))
        #expect(value(dataset, "answer_median_s") == .seconds(nil))
        #expect(value(dataset, "answer_within_15s_share")?.text == nil)
        #expect(dataset.row.map(\.name) == MonthlyDataset.rowColumns)
        #expect(dataset.breakdown.isEmpty)
    }

    @Test("Every call counts once by its disposition; answering shares are over every call that rang")
    func callDefinitions() {
        // given four calls: answered in 5 s and 18 s, one at exactly 20 s, and one nobody answered
        let calls = [
            Self.call(1, answeredAfter: 5, .emergency), Self.call(2, answeredAfter: 18, .prank),
            Self.call(3, answeredAfter: 20, nil), Self.call(4, answeredAfter: nil, .abandoned),
        ]
        let dataset = MonthlyDataset(Self.month(calls: calls)) { _, key in key }
        #expect(value(dataset, "calls_in") == .count(4))
        #expect(value(dataset, "calls_unanswered") == .count(1))
        #expect(value(dataset, "calls_undecided") == .count(1))
        #expect(value(dataset, "valid_emergency_share") == .share(0.25))
        #expect(value(dataset, "answer_within_15s_share") == .share(0.25))
        #expect(value(dataset, "answer_within_20s_share") == .share(0.75))
        #expect(value(dataset, "answer_within_target_share") == .share(0.25))
    }

    @Test("Calls the phone switch offered are broken down by trunk, busiest first")
    func trunks() {
        let dataset = MonthlyDataset(Self.month(trunks: ["indosat", "telkomsel", "telkomsel"])) { _, key in
            key.uppercased()
        }
        let rows = dataset.breakdown.map { row in Dictionary(uniqueKeysWithValues: row.map { ($0.name, $0.value) }) }
        #expect(rows.map { $0["key"] } == [.text("telkomsel"), .text("indosat")])
        #expect(rows.first?["count"] == .count(2))
        #expect(rows.first?["name"] == .text("TELKOMSEL"))
        #expect(rows.first?["acknowledged"] == .absent)
        #expect(dataset.breakdown.allSatisfy { $0.map(\.name) == MonthlyDataset.breakdownColumns })
    }
}
