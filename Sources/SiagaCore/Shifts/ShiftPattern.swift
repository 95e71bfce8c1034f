public import Foundation

/// One shift of a command center's day, in local time: `pagi` from 07:00 for 8 hours.
public struct ShiftDefinition: Hashable, Codable, Sendable {
    public var code: String
    public var name: String
    /// Minutes after local midnight when the shift starts.
    public var startMinute: Int
    public var durationMinutes: Int

    public init(code: String, name: String, startMinute: Int, durationMinutes: Int) {
        self.code = code
        self.name = name
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
    }
}

/// A region's shifts, which together cover every minute of the day exactly once (the floor is never unstaffed
/// on paper). The common set-up is three shifts of eight hours.
public struct ShiftPattern: Hashable, Codable, Sendable {
    /// As given; problems name shifts by their index here.
    public var shifts: [ShiftDefinition]

    public init(shifts: [ShiftDefinition]) {
        self.shifts = shifts
    }

    /// The shifts by start time.
    public var inDayOrder: [ShiftDefinition] { shifts.sorted { $0.startMinute < $1.startMinute } }

    /// Pagi 07–15, siang 15–23, malam 23–07.
    public static let standard = ShiftPattern(shifts: [
        ShiftDefinition(code: "pagi", name: "Pagi", startMinute: 7 * 60, durationMinutes: 8 * 60),
        ShiftDefinition(code: "siang", name: "Siang", startMinute: 15 * 60, durationMinutes: 8 * 60),
        ShiftDefinition(code: "malam", name: "Malam", startMinute: 23 * 60, durationMinutes: 8 * 60),
    ])

    /// Why the pattern cannot be used; empty when each shift starts as the one before ends, all round the clock.
    public var problems: [FieldError] {
        var errors: [FieldError] = []
        if shifts.isEmpty { return [FieldError("shifts", .empty)] }
        for (index, shift) in shifts.enumerated() {
            errors += UserAccount.usernameProblems(shift.code, field: "shifts[\(index)].code")
            errors += TextRules.problems(shift.name, field: "shifts[\(index)].name", max: 40)
            if !(0..<1440).contains(shift.startMinute) {
                errors.append(FieldError("shifts[\(index)].startMinute", .outOfRange))
            }
            if !(60...1440).contains(shift.durationMinutes) {
                errors.append(FieldError("shifts[\(index)].durationMinutes", .outOfRange))
            }
        }
        if Set(shifts.map(\.code)).count != shifts.count { errors.append(FieldError("shifts", .invalidFormat)) }
        guard errors.isEmpty else { return errors }
        let order = shifts.indices.sorted { shifts[$0].startMinute < shifts[$1].startMinute }
        for (position, index) in order.enumerated() {
            let next = shifts[order[(position + 1) % order.count]]
            if (shifts[index].startMinute + shifts[index].durationMinutes) % 1440 != next.startMinute {
                errors.append(FieldError("shifts[\(index)].durationMinutes", .invalidFormat))
            }
        }
        if shifts.reduce(0, { $0 + $1.durationMinutes }) != 1440 { errors.append(FieldError("shifts", .invalidFormat)) }
        return errors
    }

    /// The shift running at `instant` in `zone`. Indonesian zones keep one offset all year, so local time is a
    /// fixed shift from UTC.
    public func occurrence(at instant: Date, in zone: IndonesianTimeZone) -> ShiftOccurrence {
        precondition(problems.isEmpty, "occurrence needs a valid pattern")
        let offset = Double(zone.utcOffsetHours * 3600)
        let local = instant.timeIntervalSince1970 + offset
        let midnight = (local / 86400).rounded(.down) * 86400
        for dayShift in [0.0, -86400.0] {
            for shift in shifts {
                let start = midnight + dayShift + Double(shift.startMinute * 60)
                let end = start + Double(shift.durationMinutes * 60)
                if start <= local, local < end {
                    let startInstant = Date(timeIntervalSince1970: start - offset)
                    return ShiftOccurrence(
                        code: shift.code, name: shift.name, day: LocalDay(startInstant, in: zone), start: startInstant,
                        end: Date(timeIntervalSince1970: end - offset))
                }
            }
        }
        preconditionFailure("a valid pattern covers every minute")
    }

    /// The shift before the one running at `instant`.
    public func previous(before instant: Date, in zone: IndonesianTimeZone) -> ShiftOccurrence {
        occurrence(at: occurrence(at: instant, in: zone).start.addingTimeInterval(-0.001), in: zone)
    }
}

/// One shift on one day: `malam` of 2026-11-23, from 23:00 that day to 07:00 the next.
public struct ShiftOccurrence: Hashable, Codable, Sendable {
    public var code: String
    public var name: String
    /// The local day the shift starts on; a night shift belongs to the day it starts.
    public var day: LocalDay
    public var start: Date
    public var end: Date

    public init(code: String, name: String, day: LocalDay, start: Date, end: Date) {
        self.code = code
        self.name = name
        self.day = day
        self.start = start
        self.end = end
    }

    public func contains(_ instant: Date) -> Bool { start <= instant && instant < end }
}
