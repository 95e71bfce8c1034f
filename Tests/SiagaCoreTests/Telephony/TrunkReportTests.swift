import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Telephony: an operator's trunk gone silent")
struct TrunkReportTests {
    let hour: TimeInterval = 3600
    let day: TimeInterval = 86_400

    /// `perHour` calls an hour on `trunk` through the same hour before `now` on each of the past seven days.
    func week(_ trunk: String, perHour: Int, before now: Date) -> [(trunk: String, at: Date)] {
        (1...7).flatMap { days in
            (0..<perHour).map { index in
                (trunk: trunk, at: now - Double(days) * day - Double(index + 1) * hour / Double(perHour + 1))
            }
        }
    }

    @Test("A trunk that carries calls at this hour every day and brought none for the window is silent")
    func busyTrunkGoneQuietIsSilent() {
        // given Telkomsel brings six calls an hour at this time of day, none in the last hour
        let now = Date.t0
        let offers = week("telkomsel", perHour: 6, before: now) + [(trunk: "telkomsel", at: now - 2 * hour)]

        // when
        let report = TrunkReport.reports(of: offers, now: now, silence: hour)

        // then
        #expect(report.map(\.trunk) == ["telkomsel"])
        #expect(report[0].silent)
        #expect(report[0].expectedInWindow == 6)
        #expect(report[0].lastCallAt == now - 2 * hour)
        #expect(report[0].hourly[21] == 1)
        #expect(report[0].hourly.reduce(0, +) == 1)
    }

    @Test("A quiet trunk (a call now and then, or at night) is not alarmed for bringing none")
    func quietTrunkIsNotSilent() {
        let now = Date.t0
        let report = TrunkReport.reports(of: week("indosat", perHour: 2, before: now), now: now, silence: hour)
        #expect(report.map(\.silent) == [false])
    }

    @Test("A trunk that brought a call within the window is not silent")
    func recentCallIsNotSilent() {
        let now = Date.t0
        let offers = week("xl", perHour: 10, before: now) + [(trunk: "xl", at: now - 10 * 60)]
        let report = TrunkReport.reports(of: offers, now: now, silence: hour)
        #expect(report.map(\.silent) == [false])
        #expect(report[0].hourly[23] == 1)
    }
}
