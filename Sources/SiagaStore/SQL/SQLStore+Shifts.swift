public import Foundation
import SQLKit
public import SiagaCore

extension WriteTransaction {
    public func saveShiftPattern(_ pattern: ShiftPattern, of region: RegionCode, at: Date) async throws {
        try await database.raw(
            """
            INSERT INTO shift_patterns (region_code, pattern, updated_at_ms)
            VALUES (\(bind: region.rawValue), \(bind: try StoredJSON.encode(pattern)), \(bind: at.millisecondsSince1970))
            ON CONFLICT (region_code) DO UPDATE SET pattern = excluded.pattern, updated_at_ms = excluded.updated_at_ms
            """
        ).run()
    }

    /// Replaces who is rostered on one shift of one day.
    public func setRoster(_ usernames: [String], region: RegionCode, day: LocalDay, shift: String) async throws {
        try await database.delete(from: "roster").where("region_code", .equal, region.rawValue)
            .where("shift_day", .equal, day.description).where("shift_code", .equal, shift).run()
        for username in Set(usernames).sorted() {
            try await database.raw(
                """
                INSERT INTO roster (region_code, shift_day, shift_code, username)
                VALUES (\(bind: region.rawValue), \(bind: day.description), \(bind: shift), \(bind: username))
                """
            ).run()
        }
    }

    /// Marks `username` on duty for `agency` from `at`; marking again renews the mark (its lapse counts anew).
    public func startDuty(of username: String, for agency: AgencyID, at: Date) async throws {
        _ = try await endDuty(of: username, for: agency, at: at)
        try await database.raw(
            """
            INSERT INTO agency_duty (agency_id, username, started_at_ms)
            VALUES (\(bind: agency.rawValue), \(bind: username), \(bind: at.millisecondsSince1970))
            """
        ).run()
    }

    /// Ends `username`'s duty for `agency`; returns whether one was open.
    public func endDuty(of username: String, for agency: AgencyID, at: Date) async throws -> Bool {
        guard let id = try await reader.openDuty(of: username, for: agency) else { return false }
        try await database.update("agency_duty").set("ended_at_ms", to: at.millisecondsSince1970)
            .where("id", .equal, id).run()
        return true
    }

    public func insertHandover(_ handover: Handover) async throws {
        try await database.raw(
            """
            INSERT INTO handovers (id, region_code, shift_day, shift_code, note, summary, written_by, written_at_ms)
            VALUES (\(bind: handover.id), \(bind: handover.region.rawValue), \(bind: handover.summary.shift.day.description),
                    \(bind: handover.summary.shift.code), \(bind: handover.note),
                    \(bind: try StoredJSON.encode(handover.summary)), \(bind: handover.writtenBy.description),
                    \(bind: handover.writtenAt.millisecondsSince1970))
            """
        ).run()
    }

    /// Records the acknowledgement, only if nobody recorded one first; returns whether it did.
    public func acknowledgeHandover(_ handover: Handover) async throws -> Bool {
        let row = try await database.raw(
            """
            UPDATE handovers SET acknowledged_by = \(bind: handover.acknowledgedBy?.description),
                acknowledged_at_ms = \(bind: handover.acknowledgedAt?.millisecondsSince1970),
                acknowledgement_note = \(bind: handover.acknowledgementNote)
            WHERE id = \(bind: handover.id) AND acknowledged_by IS NULL
            RETURNING id
            """
        ).first()
        return row != nil
    }
}

extension StoreReader {
    /// The region's shift pattern; the standard three shifts until one is set.
    public func shiftPattern(of region: RegionCode) async throws -> ShiftPattern {
        guard
            let row = try await database.select().column("pattern").from("shift_patterns")
                .where("region_code", .equal, region.rawValue).first()
        else { return .standard }
        return try StoredJSON.decode(ShiftPattern.self, from: try row.decode(column: "pattern", as: String.self))
    }

    /// Who is rostered on `day`, by shift code.
    public func roster(of region: RegionCode, day: LocalDay) async throws -> [String: [String]] {
        let rows = try await database.select().columns("shift_code", "username").from("roster")
            .where("region_code", .equal, region.rawValue).where("shift_day", .equal, day.description)
            .orderBy("username").all()
        var roster: [String: [String]] = [:]
        for row in rows {
            roster[try row.decode(column: "shift_code", as: String.self), default: []].append(
                try row.decode(column: "username", as: String.self))
        }
        return roster
    }

    func openDuty(of username: String, for agency: AgencyID) async throws -> Int64? {
        try await database.select().column("id").from("agency_duty").where("agency_id", .equal, agency.rawValue)
            .where("username", .equal, username).where("ended_at_ms", .is, SQLLiteral.null).first()?
            .decode(column: "id", as: Int64.self)
    }

    /// Operators on duty now for each agency of `agencies`: marked on duty since `since` and not yet off.
    public func onDuty(_ agencies: [AgencyID], since: Date) async throws -> [AgencyID: [String]] {
        guard !agencies.isEmpty else { return [:] }
        let rows = try await database.select().columns("agency_id", "username").from("agency_duty")
            .where("agency_id", .in, agencies.map(\.rawValue)).where("ended_at_ms", .is, SQLLiteral.null)
            .where("started_at_ms", .greaterThanOrEqual, since.millisecondsSince1970).orderBy("username").all()
        var duty: [AgencyID: [String]] = [:]
        for row in rows {
            duty[AgencyID(try row.decode(column: "agency_id", as: String.self)), default: []].append(
                try row.decode(column: "username", as: String.self))
        }
        return duty
    }

    /// How many calls rang in `region` in [from, before), by disposition (`pending` when not yet disposed).
    public func callCounts(in region: RegionCode, from: Date, before: Date) async throws -> [String: Int] {
        let rows = try await database.raw(
            """
            SELECT COALESCE(disposition, 'pending') AS disposition, COUNT(*) AS n FROM calls
            WHERE region_code = \(bind: region.rawValue) AND ring_at_ms >= \(bind: from.millisecondsSince1970)
              AND ring_at_ms < \(bind: before.millisecondsSince1970)
            GROUP BY COALESCE(disposition, 'pending')
            """
        ).all()
        var counts: [String: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "disposition", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    public func handover(_ id: String) async throws -> Handover? {
        try await database.raw("\(unsafeRaw: Self.handoverColumns) WHERE id = \(bind: id)").first()
            .map(Self.decodeHandover)
    }

    /// The region's handovers, newest first.
    public func handovers(of region: RegionCode, limit: Int) async throws -> [Handover] {
        try await database.raw(
            """
            \(unsafeRaw: Self.handoverColumns) WHERE region_code = \(bind: region.rawValue)
            ORDER BY written_at_ms DESC, id DESC LIMIT \(bind: limit)
            """
        ).all().map(Self.decodeHandover)
    }

    static let handoverColumns = """
        SELECT id, region_code, note, summary, written_by, written_at_ms, acknowledged_by, acknowledged_at_ms,
               acknowledgement_note FROM handovers
        """

    static func decodeHandover(_ row: any SQLRow) throws -> Handover {
        let id = try row.decode(column: "id", as: String.self)
        guard let region = RegionCode(try row.decode(column: "region_code", as: String.self)),
            let writtenBy = Actor(stored: try row.decode(column: "written_by", as: String.self))
        else { throw StoreError.corruptRow(table: "handovers", id: id) }
        return Handover(
            id: id, region: region, note: try row.decode(column: "note", as: String.self),
            summary: try StoredJSON.decode(
                HandoverSummary.self, from: try row.decode(column: "summary", as: String.self)),
            writtenBy: writtenBy,
            writtenAt: Date(millisecondsSince1970: try row.decode(column: "written_at_ms", as: Int64.self)),
            acknowledgedBy: try row.decode(column: "acknowledged_by", as: String?.self).flatMap(Actor.init(stored:)),
            acknowledgedAt: try row.decode(column: "acknowledged_at_ms", as: Int64?.self)
                .map(Date.init(millisecondsSince1970:)),
            acknowledgementNote: try row.decode(column: "acknowledgement_note", as: String?.self))
    }
}
