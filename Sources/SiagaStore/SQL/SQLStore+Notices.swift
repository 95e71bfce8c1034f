public import Foundation
import SQLKit
public import SiagaCore

extension StoreReader {
    /// The agency's notice ladder; nil when it has none.
    public func noticeLadder(of agency: AgencyID) async throws -> NoticeLadder? {
        try await noticeLadders(of: [agency])[agency]
    }

    /// The ladders of those of `agencies` that have one.
    public func noticeLadders(of agencies: [AgencyID]) async throws -> [AgencyID: NoticeLadder] {
        guard !agencies.isEmpty else { return [:] }
        let rows = try await database.raw(
            "SELECT agency_id, rungs FROM notice_ladders WHERE agency_id IN (\(binds: agencies.map(\.rawValue)))"
        ).all()
        var ladders: [AgencyID: NoticeLadder] = [:]
        for row in rows {
            let agency = AgencyID(try row.decode(column: "agency_id", as: String.self))
            let ladder = try StoredJSON.decode(
                NoticeLadder.self, from: try row.decode(column: "rungs", as: String.self))
            if !ladder.rungs.isEmpty { ladders[agency] = ladder }
        }
        return ladders
    }

    /// Every ladder of the region's agencies, by agency.
    public func noticeLadders(in region: RegionCode) async throws -> [AgencyID: NoticeLadder] {
        let rows = try await database.raw(
            "SELECT agency_id FROM notice_ladders WHERE region_code = \(bind: region.rawValue)"
        ).all()
        return try await noticeLadders(of: rows.map { AgencyID(try $0.decode(column: "agency_id", as: String.self)) })
    }

    /// Notices waiting to be handed over whose moment has come and which no server is handling, earliest first.
    public func dueNotices(now: Date, limit: Int) async throws -> [Notice] {
        let at = now.millisecondsSince1970
        return try await database.raw(
            """
            \(unsafeRaw: Self.noticeColumns) WHERE state = 'waiting' AND due_at_ms <= \(bind: at)
            AND claimed_until_ms <= \(bind: at) ORDER BY due_at_ms LIMIT \(bind: limit)
            """
        ).all().map(Self.decodeNotice)
    }

    /// When the next waiting notice falls due, if any does.
    public func nextNoticeDue() async throws -> Date? {
        try await database.raw("SELECT MIN(due_at_ms) AS due FROM notices WHERE state = 'waiting'").first()
            .flatMap { try $0.decodeNil(column: "due") ? nil : try $0.decode(column: "due", as: Int64.self) }
            .map(Date.init(millisecondsSince1970:))
    }

    public func notice(_ id: NoticeID) async throws -> Notice? {
        try await database.raw("\(unsafeRaw: Self.noticeColumns) WHERE id = \(bind: id.rawValue)").first()
            .map(Self.decodeNotice)
    }

    /// The notice a provider's report names.
    public func notice(channel: NoticeChannel, providerReference: String) async throws -> Notice? {
        try await database.raw(
            """
            \(unsafeRaw: Self.noticeColumns) WHERE channel = \(bind: channel.rawValue)
            AND provider_reference = \(bind: providerReference) ORDER BY created_at_ms DESC LIMIT 1
            """
        ).first().map(Self.decodeNotice)
    }

    /// The notices on `channel` whose reply code is `code`, newest first.
    public func notices(channel: NoticeChannel, replyCode code: String) async throws -> [Notice] {
        try await database.raw(
            """
            \(unsafeRaw: Self.noticeColumns) WHERE channel = \(bind: channel.rawValue) AND reply_code = \(bind: code)
            ORDER BY created_at_ms DESC LIMIT 50
            """
        ).all().map(Self.decodeNotice)
    }

    /// An incident's notices, in the order they fall due.
    public func notices(of incident: IncidentID) async throws -> [Notice] {
        try await database.raw(
            "\(unsafeRaw: Self.noticeColumns) WHERE incident_id = \(bind: incident.rawValue) ORDER BY due_at_ms, rung"
        ).all().map(Self.decodeNotice)
    }

    static let noticeColumns = """
        SELECT id, incident_id, region_code, agency_id, rung, channel, recipient, label, due_at_ms, state, attempts,
        reply_code, expires_at_ms, provider_reference, last_error FROM notices
        """

    static func decodeNotice(_ row: any SQLRow) throws -> Notice {
        let id = try row.decode(column: "id", as: String.self)
        guard let region = RegionCode(try row.decode(column: "region_code", as: String.self)),
            let channel = NoticeChannel(rawValue: try row.decode(column: "channel", as: String.self)),
            let state = NoticeState(rawValue: try row.decode(column: "state", as: String.self))
        else { throw StoreError.corruptRow(table: "notices", id: id) }
        var notice = Notice(
            id: NoticeID(id), incidentID: IncidentID(try row.decode(column: "incident_id", as: String.self)),
            regionCode: region, agencyID: AgencyID(try row.decode(column: "agency_id", as: String.self)),
            rung: try row.decode(column: "rung", as: Int.self), channel: channel,
            recipient: try row.decode(column: "recipient", as: String.self),
            label: try row.decode(column: "label", as: String?.self),
            dueAt: Date(millisecondsSince1970: try row.decode(column: "due_at_ms", as: Int64.self)),
            replyCode: try row.decode(column: "reply_code", as: String.self),
            expiresAt: Date(millisecondsSince1970: try row.decode(column: "expires_at_ms", as: Int64.self)))
        notice.state = state
        notice.attempts = try row.decode(column: "attempts", as: Int.self)
        notice.providerReference = try row.decode(column: "provider_reference", as: String?.self)
        notice.lastError = try row.decode(column: "last_error", as: String?.self)
        return notice
    }
}

extension WriteTransaction {
    /// Sets (or, with no rungs, removes) an agency's notice ladder.
    public func saveNoticeLadder(_ ladder: NoticeLadder, of agency: AgencyID, in region: RegionCode, at: Date)
        async throws
    {
        guard !ladder.rungs.isEmpty else {
            try await database.raw("DELETE FROM notice_ladders WHERE agency_id = \(bind: agency.rawValue)").run()
            return
        }
        try await database.raw(
            """
            INSERT INTO notice_ladders (agency_id, region_code, rungs, updated_at_ms)
            VALUES (\(bind: agency.rawValue), \(bind: region.rawValue), \(bind: try StoredJSON.encode(ladder)),
                    \(bind: at.millisecondsSince1970))
            ON CONFLICT (agency_id) DO UPDATE SET rungs = excluded.rungs, updated_at_ms = excluded.updated_at_ms
            """
        ).run()
    }

    /// The outbox's share of an incident write: the notices a forward or re-route calls for, and the waiting
    /// notices of agencies that no longer need them. Runs in the transaction that appends `events`.
    func recordNotices(_ events: [IncidentEvent], of incident: Incident, at: Date) async throws {
        let stopped = NoticePlan.stopped(by: events, of: incident)
        if !stopped.isEmpty {
            try await database.raw(
                """
                UPDATE notices SET state = 'stopped' WHERE incident_id = \(bind: incident.id.rawValue)
                AND state = 'waiting' AND agency_id IN (\(binds: stopped.map(\.rawValue).sorted()))
                """
            ).run()
        }
        let forwarded = events.compactMap { event -> AgencyID? in
            switch event {
            case .dispatched(let dispatched): dispatched.agencyID
            case .dispatchRerouted(let rerouted): rerouted.to
            default: nil
            }
        }
        guard !forwarded.isEmpty else { return }
        let ladders = try await reader.noticeLadders(of: forwarded)
        guard !ladders.isEmpty else { return }
        var generator = SystemRandomNumberGenerator()
        let notices = NoticePlan.notices(
            for: events, of: incident, at: at, ladders: ladders,
            newID: { NoticeID((0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()) },
            replyCode: { String(format: "%04d", Int.random(in: 1000...9999, using: &generator)) })
        for notice in notices { try await insert(notice, at: at) }
    }

    private func insert(_ notice: Notice, at: Date) async throws {
        try await database.raw(
            """
            INSERT INTO notices (id, incident_id, region_code, agency_id, rung, channel, recipient, label, due_at_ms,
                state, attempts, reply_code, expires_at_ms, provider_reference, last_error, claimed_until_ms,
                created_at_ms)
            VALUES (\(bind: notice.id.rawValue), \(bind: notice.incidentID.rawValue), \(bind: notice.regionCode.rawValue),
                \(bind: notice.agencyID.rawValue), \(bind: notice.rung), \(bind: notice.channel.rawValue),
                \(bind: notice.recipient), \(bind: notice.label), \(bind: notice.dueAt.millisecondsSince1970),
                \(bind: notice.state.rawValue), \(bind: notice.attempts), \(bind: notice.replyCode),
                \(bind: notice.expiresAt.millisecondsSince1970), \(bind: notice.providerReference),
                \(bind: notice.lastError), 0, \(bind: at.millisecondsSince1970))
            """
        ).run()
    }

    /// Takes a due notice for this server until `until`, so another server does not send it meanwhile; false when
    /// it is no longer waiting or another server holds it.
    public func claimNotice(_ id: NoticeID, now: Date, until: Date) async throws -> Bool {
        try await database.raw(
            """
            UPDATE notices SET claimed_until_ms = \(bind: until.millisecondsSince1970)
            WHERE id = \(bind: id.rawValue) AND state = 'waiting' AND claimed_until_ms <= \(bind: now.millisecondsSince1970)
            RETURNING id
            """
        ).first() != nil
    }

    /// Stores what became of a notice (state, attempts, due moment, provider reference, error) and releases it.
    public func updateNotice(_ notice: Notice) async throws {
        try await database.raw(
            """
            UPDATE notices SET state = \(bind: notice.state.rawValue), attempts = \(bind: notice.attempts),
                due_at_ms = \(bind: notice.dueAt.millisecondsSince1970),
                provider_reference = \(bind: notice.providerReference), last_error = \(bind: notice.lastError),
                claimed_until_ms = 0
            WHERE id = \(bind: notice.id.rawValue)
            """
        ).run()
    }

    /// The secret that signs acknowledgements, made once per database and shared by every server using it.
    public func noticeSecret(making fresh: @autoclosure () -> String) async throws -> String {
        try await database.raw(
            "INSERT INTO notice_keys (id, secret) VALUES (1, \(bind: fresh())) ON CONFLICT (id) DO NOTHING"
        ).run()
        return try await database.raw("SELECT secret FROM notice_keys WHERE id = 1").first()!
            .decode(column: "secret", as: String.self)
    }
}
