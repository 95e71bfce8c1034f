public import Foundation

/// What a report groups by.
public enum ReportDimension: String, Codable, Sendable, CaseIterable {
    /// The local day the step started.
    case day
    /// The local hour (0–23) the step started.
    case hour
    case agency
    case category
    case priority
    case kecamatan
    /// The shift (pagi, siang, malam…) the step started in; a night shift belongs to the day it starts.
    case shift
    case callTaker
}

/// What grouping needs to know about the region: its zone and its shifts.
public struct ReportCalendar: Sendable {
    public var zone: IndonesianTimeZone
    public var shifts: ShiftPattern

    public init(zone: IndonesianTimeZone, shifts: ShiftPattern) {
        self.zone = zone
        self.shifts = shifts
    }

    /// The local hour of `instant`, 0–23.
    public func hour(of instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.utcOffsetHours * 3600
        return ((seconds / 3600) % 24 + 24) % 24
    }

    /// The key of `instant` along a time dimension, or `nil` for the others.
    func timeKey(_ instant: Date, _ dimension: ReportDimension) -> String? {
        switch dimension {
        case .day: LocalDay(instant, in: zone).description
        case .hour: String(format: "%02d", hour(of: instant))
        case .shift: shifts.occurrence(at: instant, in: zone).code
        default: nil
        }
    }
}

extension MeasuredInterval {
    /// The group this step falls in along `dimension`; `nil` when it has no value there (an unclassified
    /// incident by category, the command center's steps by agency).
    public func key(_ dimension: ReportDimension, _ calendar: ReportCalendar) -> String? {
        switch dimension {
        case .day, .hour, .shift: calendar.timeKey(startedAt, dimension)
        case .agency: agencyID?.rawValue
        case .category: category
        case .priority: priority?.rawValue
        case .kecamatan: kecamatan?.rawValue
        case .callTaker: callTaker
        }
    }
}

/// Response times over a period: overall, and per group when grouped.
public struct ResponseTimeReport: Hashable, Codable, Sendable {
    public struct Group: Hashable, Codable, Sendable {
        /// The group's value; `null` collects the steps without one.
        public var key: String?
        public var steps: [StepStatistics]

        public init(key: String?, steps: [StepStatistics]) {
            self.key = key
            self.steps = steps
        }
    }

    public var by: ReportDimension?
    public var overall: [StepStatistics]
    public var groups: [Group]

    public init(_ intervals: [MeasuredInterval], by dimension: ReportDimension?, calendar: ReportCalendar) {
        by = dimension
        var overall = StepStatistics.Tallies()
        var groups: [String?: StepStatistics.Tallies] = [:]
        for interval in intervals {
            overall.add(interval)
            if let dimension {
                groups[interval.key(dimension, calendar), default: StepStatistics.Tallies()].add(interval)
            }
        }
        self.overall = overall.steps
        self.groups = groups.sorted { ($0.key ?? "\u{FFFF}") < ($1.key ?? "\u{FFFF}") }
            .map { Group(key: $0.key, steps: $0.value.steps) }
    }
}
