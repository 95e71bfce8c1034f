import Foundation
import Hummingbird
import SiagaCore

/// The days a report covers, in the region's own zone: from the first day to the last, both included.
struct ReportPeriod: Hashable, Sendable {
    static let maxDays = 366

    var first: LocalDay
    var last: LocalDay
    var zone: IndonesianTimeZone

    /// The first instant of `first`.
    var start: Date { Self.midnight(first, zone) }
    /// The first instant after `last`.
    var end: Date { Self.midnight(last, zone).addingTimeInterval(86400) }

    /// The month `text` names (`2026-10`).
    static func month(_ text: String, zone: IndonesianTimeZone) -> ReportPeriod? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month), (2000...2100).contains(year)
        else { return nil }
        let first = LocalDay(year: year, month: month, day: 1)
        let next =
            month == 12 ? LocalDay(year: year + 1, month: 1, day: 1) : LocalDay(year: year, month: month + 1, day: 1)
        let last = LocalDay(midnight(next, zone).addingTimeInterval(-1), in: zone)
        return ReportPeriod(first: first, last: last, zone: zone)
    }

    /// `from` and `to` (ISO days) of a request, or `month`; by default the current month up to today.
    static func parse(_ request: Request, zone: IndonesianTimeZone, now: Date) throws -> ReportPeriod {
        var query = QueryReader(request)
        let today = LocalDay(now, in: zone)
        if let text = query.string("month") {
            guard let period = month(text, zone: zone) else {
                query.fail("month", .invalidFormat)
                try query.check(request.language)
                preconditionFailure("check throws")
            }
            return period
        }
        func day(_ name: String) -> LocalDay? {
            guard let text = query.string(name) else { return nil }
            guard let day = LocalDay(iso: text) else {
                query.fail(name, .invalidFormat)
                return nil
            }
            return day
        }
        let first = day("from") ?? LocalDay(year: today.year, month: today.month, day: 1)
        let last = day("to") ?? today
        try query.check(request.language)
        let period = ReportPeriod(first: first, last: last, zone: zone)
        let days = Int((period.end.timeIntervalSince(period.start) / 86400).rounded())
        if !(1...maxDays).contains(days) {
            query.fail("to", .outOfRange)
            try query.check(request.language)
        }
        return period
    }

    private static func midnight(_ day: LocalDay, _ zone: IndonesianTimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }
}
