public import Foundation
import SQLKit
public import SiagaCore

/// A call the switch reported, by its SIP Call-ID.
public struct SwitchCallRecord: Hashable, Sendable {
    public var callID: CallID
    public var region: RegionCode
    public var trunk: String
}

extension StoreReader {
    public func switchCall(_ id: SIPCallID) async throws -> SwitchCallRecord? {
        try await database.raw(
            "SELECT call_id, region_code, trunk FROM switch_calls WHERE sip_call_id = \(bind: id.rawValue)"
        ).first().map { row in
            let code = try row.decode(column: "region_code", as: String.self)
            guard let region = RegionCode(code) else {
                throw StoreError.corruptRow(table: "switch_calls", id: id.rawValue)
            }
            return SwitchCallRecord(
                callID: CallID(try row.decode(column: "call_id", as: String.self)), region: region,
                trunk: try row.decode(column: "trunk", as: String.self))
        }
    }

    /// True when the switch's event `sequence` of run `source` was already taken in.
    public func switchEventRecorded(source: String, sequence: Int) async throws -> Bool {
        try await database.raw(
            "SELECT 1 AS seen FROM switch_events WHERE source = \(bind: source) AND seq = \(bind: sequence)"
        ).first() != nil
    }

    /// Call takers with a phone and a session in use at `now` (not revoked, not expired, seen since `seenSince`),
    /// each once: who a 112 call may ring. One query, as it runs for every call while the switch waits.
    public func callTakersAtPhones(at now: Date, seenSince: Date) async throws -> [UserAccount] {
        try await database.raw(
            """
            \(unsafeRaw: Self.userColumns)
            WHERE role = 'callTaker' AND phone IS NOT NULL AND disabled_at_ms IS NULL AND username IN (
                SELECT username FROM sessions WHERE revoked_at_ms IS NULL
                AND expires_at_ms > \(bind: now.millisecondsSince1970)
                AND last_seen_at_ms > \(bind: seenSince.millisecondsSince1970))
            """
        ).all().map { try Self.decodeUser($0).account }
    }

    /// The people whose phone is `phone`.
    public func users(withPhone phone: PhoneName) async throws -> [StoredUser] {
        try await database.raw("\(unsafeRaw: Self.userColumns) WHERE phone = \(bind: phone.rawValue) ORDER BY username")
            .all().map(Self.decodeUser)
    }

    /// The switch's latest report of each of `phones`, by phone.
    public func registrations(of phones: [PhoneName]) async throws -> [PhoneName: PhoneRegistration] {
        guard !phones.isEmpty else { return [:] }
        let rows = try await database.raw(
            """
            SELECT phone, contacts, until_ms, reported_at_ms FROM phone_registrations
            WHERE phone IN (\(binds: phones.map(\.rawValue)))
            """
        ).all()
        var found: [PhoneName: PhoneRegistration] = [:]
        for row in rows {
            guard let phone = PhoneName(try row.decode(column: "phone", as: String.self)) else { continue }
            found[phone] = PhoneRegistration(
                phone: phone, contacts: try row.decode(column: "contacts", as: Int.self),
                until: try row.decode(column: "until_ms", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
                at: Date(millisecondsSince1970: try row.decode(column: "reported_at_ms", as: Int64.self)))
        }
        return found
    }

    /// Every call the switch offered in `region` since `since` (and before `before`): its trunk and when.
    public func switchOffers(in region: RegionCode, since: Date, before: Date = .distantFuture) async throws
        -> [(trunk: String, at: Date)]
    {
        try await database.raw(
            """
            SELECT trunk, offered_at_ms FROM switch_calls WHERE region_code = \(bind: region.rawValue)
              AND offered_at_ms >= \(bind: since.millisecondsSince1970)
              AND offered_at_ms < \(bind: before.millisecondsSince1970)
            """
        ).all().map { row in
            (
                trunk: try row.decode(column: "trunk", as: String.self),
                at: Date(millisecondsSince1970: try row.decode(column: "offered_at_ms", as: Int64.self))
            )
        }
    }
}

extension WriteTransaction {
    public func recordSwitchCall(_ id: SIPCallID, call: CallID, region: RegionCode, trunk: String, at: Date)
        async throws
    {
        try await database.raw(
            """
            INSERT INTO switch_calls (sip_call_id, call_id, region_code, trunk, offered_at_ms)
            VALUES (\(bind: id.rawValue), \(bind: call.rawValue), \(bind: region.rawValue), \(bind: trunk),
                    \(bind: at.millisecondsSince1970))
            """
        ).run()
    }

    /// Keeps the switch's report of a phone's registration, unless a later one is already kept (a replay).
    public func recordRegistration(_ registration: PhoneRegistration) async throws {
        try await database.raw(
            """
            INSERT INTO phone_registrations (phone, contacts, until_ms, reported_at_ms)
            VALUES (\(bind: registration.phone.rawValue), \(bind: registration.contacts),
                    \(bind: registration.until?.millisecondsSince1970), \(bind: registration.at.millisecondsSince1970))
            ON CONFLICT (phone) DO UPDATE SET contacts = excluded.contacts, until_ms = excluded.until_ms,
                reported_at_ms = excluded.reported_at_ms
            WHERE phone_registrations.reported_at_ms <= excluded.reported_at_ms
            """
        ).run()
    }

    /// Records that the switch's event was taken in, and what became of it (`recorded`, or why it was refused).
    /// `subject` is the SIP Call-ID of a call's step, or the phone of a registration.
    public func recordSwitchEvent(
        source: String, sequence: Int, subject: String, step: String, at: Date, recordedAt: Date, outcome: String
    ) async throws {
        try await database.raw(
            """
            INSERT INTO switch_events (source, seq, sip_call_id, step, at_ms, recorded_at_ms, outcome)
            VALUES (\(bind: source), \(bind: sequence), \(bind: subject), \(bind: step),
                    \(bind: at.millisecondsSince1970), \(bind: recordedAt.millisecondsSince1970), \(bind: outcome))
            """
        ).run()
    }
}
