import Foundation
import SiagaCore
import SiagaStore

/// The periods the year's reports cover, in the region's days: the last 365 days up to the last call, and the
/// last whole month before it.
struct YearPeriods {
    var year: (start: Date, end: Date, query: String)
    var month: (start: Date, end: Date, query: String)
    let region: RegionCode

    init(_ store: SQLStore, region: RegionCode) async throws {
        guard let last = try await store.lastCallRing(in: region) else {
            throw BenchFailure(
                words(
                    "basis data tidak berisi panggilan di \(region); buat dengan siaga simulate",
                    "the database has no calls in \(region); make it with siaga simulate"))
        }
        self.region = region
        let zone = IndonesianTimeZone.forProvince(region.provinceCode) ?? .wib
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.timeZone
        let lastDay = calendar.startOfDay(for: last)
        let firstDay = calendar.date(byAdding: .day, value: -364, to: lastDay)!
        let monthEnd = calendar.date(from: calendar.dateComponents([.year, .month], from: last))!
        let monthStart = calendar.date(byAdding: .month, value: -1, to: monthEnd)!
        func iso(_ date: Date) -> String { LocalDay(date, in: zone).description }
        year = (
            firstDay, calendar.date(byAdding: .day, value: 1, to: lastDay)!,
            "from=\(iso(firstDay))&to=\(iso(lastDay))"
        )
        month = (monthStart, monthEnd, "month=\(iso(monthStart).prefix(7))")
    }

    /// A measured report's name (a key of the JSON results) as the table shows it, in the language of this run.
    static func title(_ name: String) -> String {
        let indonesian = [
            "response times, a year": "waktu tanggap, setahun",
            "response times by agency, a year": "waktu tanggap per OPD, setahun",
            "response times, a month": "waktu tanggap, sebulan",
            "calls, a year": "panggilan, setahun",
            "calls, a month": "panggilan, sebulan",
            "agencies ranked, a year": "peringkat OPD, setahun",
            "open now": "yang terbuka saat ini",
        ]
        return words(indonesian[name] ?? name, name)
    }

    /// Each measured report with its path and query.
    var requests: [(name: String, query: String)] {
        let region = "region=\(region.rawValue)"
        return [
            ("response times, a year", "response-times?\(region)&\(year.query)"),
            ("response times by agency, a year", "response-times?\(region)&\(year.query)&by=agency"),
            ("response times, a month", "response-times?\(region)&\(month.query)"),
            ("calls, a year", "calls?\(region)&\(year.query)"),
            ("calls, a month", "calls?\(region)&\(month.query)"),
            ("agencies ranked, a year", "agencies?\(region)&\(year.query)"),
            ("open now", "open?\(region)"),
        ]
    }
}

/// The baseline: each report's figures folded from the raw event log of its period, with no projection, and
/// compared with the same figures from the projections.
enum NaiveReports {
    struct Measured {
        var milliseconds: Double
        var same: Bool
    }

    static func measure(_ store: SQLStore, region: RegionCode, periods: YearPeriods) async throws
        -> [String: Measured]
    {
        let (policy, calendar) = try await store.read { reader in
            let zone = try await reader.region(region)?.timeZone ?? .wib
            return (
                try await reader.responsePolicy(of: region),
                ReportCalendar(zone: zone, shifts: try await reader.shiftPattern(of: region))
            )
        }
        let target = policy.policy.target(.callAnswering, .p1) ?? 15
        var measured: [String: Measured] = [:]
        for (label, period) in [("a year", periods.year), ("a month", periods.month)] {
            // Events of the period, with a day either side for incidents that span its edges.
            let clock = ContinuousClock()
            let started = clock.now
            let replay = try await store.read {
                try await $0.replayLog(
                    of: region, from: period.start.addingTimeInterval(-86_400),
                    to: period.end.addingTimeInterval(86_400))
            }
            let intervals = replay.incidents.values.flatMap { $0.measuredIntervals(policy: policy) }
                .filter { $0.startedAt >= period.start && $0.startedAt < period.end }
            let facts = replay.calls.values.filter { $0.ringAt >= period.start && $0.ringAt < period.end }.map(\.fact)
            let replayed = (clock.now - started).milliseconds
            let projected = try await store.measuredIntervals(in: region, from: period.start, to: period.end)
            let stored = try await store.callFacts(in: region, from: period.start, to: period.end)
            /// The naive report's time (the replay and its own computing), and whether it equals the projected one.
            func timed<Report: Equatable>(_ naive: () -> Report, _ fromProjections: () -> Report) -> Measured {
                let started = clock.now
                let report = naive()
                let computed = (clock.now - started).milliseconds
                return Measured(milliseconds: replayed + computed, same: report == fromProjections())
            }
            measured["response times, \(label)"] = timed(
                { ResponseTimeReport(intervals, by: nil, calendar: calendar) },
                { ResponseTimeReport(projected, by: nil, calendar: calendar) })
            measured["response times by agency, \(label)"] = timed(
                { ResponseTimeReport(intervals, by: .agency, calendar: calendar) },
                { ResponseTimeReport(projected, by: .agency, calendar: calendar) })
            measured["calls, \(label)"] = timed(
                { CallReport(facts, target: target, calendar: calendar) },
                { CallReport(stored, target: target, calendar: calendar) })
            measured["agencies ranked, \(label)"] = timed(
                { AgencyFollowUp.ranking(intervals) }, { AgencyFollowUp.ranking(projected) })
        }
        return measured
    }
}

extension Call {
    /// The call as the call KPIs read it, as the calls table's columns give it.
    var fact: CallFact {
        CallFact(
            id: id, ringAt: ringAt, answeredAt: answeredAt, disposition: disposition, channel: channel,
            callTaker: callTaker?.description)
    }
}
