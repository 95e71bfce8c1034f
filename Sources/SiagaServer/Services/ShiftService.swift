import Foundation
import SiagaCore
import SiagaStore

/// Who is on duty, and the handover between shifts.
struct ShiftService: Sendable {
    /// A handover written this soon after a shift began is for the shift that just ended.
    static let handoverGrace: TimeInterval = 60 * 60
    /// An agency's on-duty mark lapses after this long without being renewed (a forgotten sign-off).
    static let dutyLapse: TimeInterval = 12 * 60 * 60

    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }

    /// The floor and the agencies right now.
    struct OnDuty: Sendable {
        var shift: ShiftOccurrence
        var rostered: [String]
        var signedIn: [(user: UserAccount, since: Date)]
        var agencies: [(agency: Agency, operators: [String])]
    }

    func onDuty(in region: Region) async throws -> OnDuty {
        let now = dependencies.now()
        return try await store.read { reader in
            let shift = try await reader.shiftPattern(of: region.code).occurrence(at: now, in: region.timeZone)
            let rostered = try await reader.roster(of: region.code, day: shift.day)[shift.code] ?? []
            let users = Dictionary(
                uniqueKeysWithValues: try await reader.users(within: .region(region.code)).map {
                    ($0.account.username, $0.account)
                })
            // Signing in during a shift puts a person on duty for it, while the session lives.
            let idle = dependencies.auth.idleTimeout.timeInterval
            var signedIn: [String: (UserAccount, Date)] = [:]
            for session in try await reader.openSessions(of: nil, at: now)
            where session.createdAt >= shift.start && now.timeIntervalSince(session.lastSeenAt) < idle {
                guard let user = users[session.username], user.role.isCommandCenter, !user.disabled else { continue }
                if let earlier = signedIn[user.username], earlier.1 <= session.createdAt { continue }
                signedIn[user.username] = (user, session.createdAt)
            }
            let agencies = try await reader.agencies(of: region.code).filter(\.active)
            let duty = try await reader.onDuty(agencies.map(\.id), since: now.addingTimeInterval(-Self.dutyLapse))
            return OnDuty(
                shift: shift, rostered: rostered,
                signedIn: signedIn.values.sorted { $0.0.username < $1.0.username }.map { ($0.0, $0.1) },
                agencies: agencies.map { ($0, duty[$0.id] ?? []) })
        }
    }

    /// Writes the outgoing shift's handover with its generated summary.
    func writeHandover(in region: Region, note: String, by actor: Actor) async throws -> Handover {
        let now = dependencies.now().truncatedToMilliseconds
        return try await store.transaction { transaction in
            let reader = transaction.reader
            let pattern = try await reader.shiftPattern(of: region.code)
            var shift = pattern.occurrence(at: now, in: region.timeZone)
            if now.timeIntervalSince(shift.start) < Self.handoverGrace {
                shift = pattern.previous(before: now, in: region.timeZone)
            }
            let open = try await reader.incidents(
                matching: IncidentQuery(
                    regionCode: region.code, statuses: [.logged, .dispatched], limit: RequestLimits.maxPageSize))
            let calls = try await reader.callCounts(in: region.code, from: shift.start, before: min(now, shift.end))
            let handover = Handover(
                id: dependencies.ids.next(IncidentID.self).rawValue, region: region.code, note: note,
                summary: HandoverSummary(shift: shift, at: now, openIncidents: open.items, callsByDisposition: calls),
                writtenBy: actor, writtenAt: now)
            try await transaction.insertHandover(handover)
            return handover
        }
    }

    /// Replaces the region's shift pattern (already checked to cover the day once), audited.
    /// Returns when it took effect.
    func replacePattern(_ pattern: ShiftPattern, of region: RegionCode, by context: AuthorizedContext) async throws
        -> Date
    {
        let at = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            try await transaction.saveShiftPattern(ShiftPattern(shifts: pattern.inDayOrder), of: region, at: at)
            try await transaction.appendAudit(
                context.audit(
                    .shiftsChanged, at: at, target: region.rawValue, region: region,
                    detail: ["shifts": pattern.shifts.map(\.code).joined(separator: " ")]))
        }
        return at
    }

    /// Sets who is rostered on one shift of a day: people of this region's floor only, audited.
    func setRoster(
        _ usernames: [String], region: RegionCode, day: LocalDay, shift: String, by context: AuthorizedContext
    ) async throws {
        let at = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            let reader = transaction.reader
            let pattern = try await reader.shiftPattern(of: region)
            guard pattern.shifts.contains(where: { $0.code == shift }) else {
                throw ValidationError([FieldError("shift", .unknownValue(allowed: pattern.shifts.map(\.code)))])
            }
            for (index, username) in usernames.enumerated() {
                guard let user = try await reader.user(username)?.account, user.role.isCommandCenter,
                    user.jurisdiction.covers(region)
                else { throw ValidationError([FieldError("usernames[\(index)]", .unknownValue(allowed: []))]) }
            }
            try await transaction.setRoster(usernames, region: region, day: day, shift: shift)
            try await transaction.appendAudit(
                context.audit(
                    .rosterChanged, at: at, target: "\(day) \(shift)", region: region,
                    detail: ["usernames": usernames.sorted().joined(separator: " ")]))
        }
    }

    /// `username` goes on or off duty for `agency` (already authorized for it).
    func markDuty(of username: String, for agency: AgencyID, onDuty: Bool) async throws {
        let at = dependencies.now().truncatedToMilliseconds
        try await store.transaction { transaction in
            if onDuty {
                try await transaction.startDuty(of: username, for: agency, at: at)
            } else {
                _ = try await transaction.endDuty(of: username, for: agency, at: at)
            }
        }
    }

    func acknowledge(_ id: String, note: String?, as acting: AuthorizedContext) async throws -> Handover {
        let now = dependencies.now().truncatedToMilliseconds
        return try await store.transaction { transaction in
            guard let handover = try await transaction.reader.handover(id) else { throw HandoverNotFound(id: id) }
            try acting.authorize(.shiftHandover, .region(handover.region))
            let acknowledged = try handover.acknowledged(by: acting.actor, at: now, note: note)
            guard try await transaction.acknowledgeHandover(acknowledged) else {
                throw Handover.Refusal.alreadyAcknowledged(by: handover.acknowledgedBy ?? acting.actor)
            }
            return acknowledged
        }
    }
}

struct HandoverNotFound: Error {
    var id: String
}

extension HandoverNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("Serah terima \(id) tidak ditemukan.", "Handover \(id) not found."), language)
    }
}
