import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Shifts and handovers")
struct ShiftTests {
    @Test("The night shift belongs to the day it starts, in local time, in every Indonesian zone")
    func nightShiftAcrossMidnight() {
        // 2026-11-23T03:00Z is 10:00 WIB, 11:00 WITA, 12:00 WIT: the morning shift everywhere.
        let morning = ShiftPattern.standard.occurrence(at: .t0, in: .wib)
        #expect(morning.code == "pagi")
        #expect(morning.start == Date.utc("2026-11-23T00:00:00Z"))
        // 01:30 WIB on the 24th is still the night shift of the 23rd.
        let night = ShiftPattern.standard.occurrence(at: Date.utc("2026-11-23T18:30:00Z"), in: .wib)
        #expect(night.code == "malam")
        #expect(night.day == LocalDay(year: 2026, month: 11, day: 23))
        #expect(night.start == Date.utc("2026-11-23T16:00:00Z"))
        #expect(night.end == Date.utc("2026-11-24T00:00:00Z"))
        // 06:59 WIT on the 24th (21:59Z on the 23rd) is Jayapura's night shift of the 23rd.
        let papua = ShiftPattern.standard.occurrence(at: Date.utc("2026-11-23T21:59:00Z"), in: .wit)
        #expect(papua.code == "malam" && papua.day == LocalDay(year: 2026, month: 11, day: 23))
        #expect(ShiftPattern.standard.previous(before: .t0, in: .wib).code == "malam")
    }

    @Test("A pattern must cover the day exactly once: gaps, overlaps and duplicates are refused")
    func patternRules() {
        #expect(ShiftPattern.standard.problems.isEmpty)
        let gap = ShiftPattern(shifts: [
            ShiftDefinition(code: "pagi", name: "Pagi", startMinute: 420, durationMinutes: 480),
            ShiftDefinition(code: "malam", name: "Malam", startMinute: 1200, durationMinutes: 660),
        ])
        #expect(!gap.problems.isEmpty)
        let twelve = ShiftPattern(shifts: [
            ShiftDefinition(code: "siang", name: "Siang", startMinute: 420, durationMinutes: 720),
            ShiftDefinition(code: "malam", name: "Malam", startMinute: 1140, durationMinutes: 720),
        ])
        #expect(twelve.problems.isEmpty)
        let twice = ShiftPattern(shifts: [
            ShiftDefinition(code: "a", name: "A", startMinute: 0, durationMinutes: 720),
            ShiftDefinition(code: "a", name: "B", startMinute: 720, durationMinutes: 720),
        ])
        #expect(!twice.problems.isEmpty)
    }

    @Test("The summary lists open incidents most urgent first, dispatches waiting over 10 minutes, and calls")
    func summary() throws {
        var story = IncidentScenario.fixture(.dispatched)
        let now = story.incident.dispatches[0].dispatchedAt.addingTimeInterval(11 * 60)
        let shift = ShiftPattern.standard.occurrence(at: now, in: .wib)
        let summary = HandoverSummary(
            shift: shift, at: now, openIncidents: [story.incident], callsByDisposition: ["prank": 7, "emergency": 2])
        #expect(summary.openIncidents.map(\.id) == [story.incident.id])
        #expect(summary.overdueDispatches.count == story.incident.dispatches.filter { $0.status == .notified }.count)
        #expect(summary.overdueDispatches.first?.waitingMinutes == 11)
        #expect(summary.callCount == 9)
        _ = try story.run(
            .updateDispatch(story.incident.dispatches[0].agencyID, .acknowledge(acknowledgedBy: nil, channel: nil)))
        let later = HandoverSummary(shift: shift, at: now, openIncidents: [story.incident], callsByDisposition: [:])
        #expect(later.overdueDispatches.count == summary.overdueDispatches.count - 1)
    }

    @Test("A handover is received once, and not by the one who wrote it")
    func acknowledgement() throws {
        let shift = ShiftPattern.standard.occurrence(at: .t0, in: .wib)
        let handover = Handover(
            id: "h1", region: RegionCode("35.15")!, note: "Aman",
            summary: HandoverSummary(shift: shift, at: .t0, openIncidents: [], callsByDisposition: [:]),
            writtenBy: .supervisor, writtenAt: .t0)
        #expect(throws: Handover.Refusal.ownHandover) { try handover.acknowledged(by: .supervisor, at: .t0, note: nil) }
        let received = try handover.acknowledged(by: .callTaker, at: .t0, note: "Diterima")
        #expect(throws: Handover.Refusal.alreadyAcknowledged(by: .callTaker)) {
            try received.acknowledged(by: .damkarOperator, at: .t0, note: nil)
        }
    }
}
