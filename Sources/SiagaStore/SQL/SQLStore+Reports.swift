public import Foundation
import SQLKit
public import SiagaCore
import Synchronization

/// The reports' reads: a year of a big region is millions of rows, so they select only the columns the reports
/// use, read them through the backend's bulk path, and parse each repeated code (steps, agencies, kecamatan)
/// once.
extension SQLStore {
    /// The steps of the region's incidents that started in `[from, to)`, without their incident: what the period's
    /// reports count.
    public func measuredIntervals(in region: RegionCode, from: Date, to: Date) async throws -> [MeasuredInterval] {
        let collected = Mutex((codes: ParsedCodes(), intervals: [MeasuredInterval]()))
        try await backend.plainRows(
            """
            SELECT step, agency_id, started_at_ms, done_at_ms, running, target_s, breached, declined,
                   priority, category, kecamatan_code, call_taker
            FROM response_intervals WHERE region_code = \(bind: region.rawValue)
              AND started_at_ms >= \(bind: from.millisecondsSince1970) AND started_at_ms < \(bind: to.millisecondsSince1970)
            """,
            columns: [
                .text("step"), .text("agency_id"), .integer("started_at_ms"), .integer("done_at_ms"),
                .integer("running"), .integer("target_s"), .integer("breached"), .integer("declined"),
                .text("priority"), .text("category"), .text("kecamatan_code"), .text("call_taker"),
            ]
        ) { row in
            collected.withLock { state in
                guard let step = row[0].text, let interval = state.codes.interval(step), let started = row[2].integer
                else { return }
                var measured = MeasuredInterval(
                    incidentID: nil, interval: interval, agencyID: row[1].text.flatMap { state.codes.agency($0) },
                    startedAt: Date(millisecondsSince1970: started),
                    doneAt: row[3].integer.map(Date.init(millisecondsSince1970:)), isRunning: row[4].integer == 1,
                    targetSeconds: Int(row[5].integer ?? 0), breached: row[6].integer == 1,
                    priority: row[8].text.flatMap { state.codes.priority($0) }, category: row[9].text,
                    kecamatan: row[10].text.flatMap { state.codes.kecamatan($0) },
                    callTaker: row[11].text.flatMap { state.codes.callTaker($0) })
                measured.declined = row[7].integer == 1
                state.intervals.append(measured)
            }
        }
        return collected.withLock { $0.intervals }
    }

    /// The region's calls that rang in `[from, to)`.
    public func callFacts(in region: RegionCode, from: Date, to: Date) async throws -> [CallFact] {
        let collected = Mutex((codes: ParsedCodes(), calls: [CallFact]()))
        try await backend.plainRows(
            """
            SELECT id, ring_at_ms, answered_at_ms, disposition, channel, call_taker FROM calls
            WHERE region_code = \(bind: region.rawValue)
              AND ring_at_ms >= \(bind: from.millisecondsSince1970) AND ring_at_ms < \(bind: to.millisecondsSince1970)
            """,
            columns: [
                .text("id"), .integer("ring_at_ms"), .integer("answered_at_ms"), .text("disposition"),
                .text("channel"), .text("call_taker"),
            ]
        ) { row in
            collected.withLock { state in
                guard let id = row[0].text, let ring = row[1].integer else { return }
                state.calls.append(
                    CallFact(
                        id: CallID(id), ringAt: Date(millisecondsSince1970: ring),
                        answeredAt: row[2].integer.map(Date.init(millisecondsSince1970:)),
                        disposition: row[3].text.flatMap { state.codes.disposition($0) },
                        channel: row[4].text.flatMap { state.codes.channel($0) },
                        callTaker: row[5].text.flatMap { state.codes.callTaker($0) }))
            }
        }
        return collected.withLock { $0.calls }
    }
}

/// Codes that repeat on every row of a report's read, each parsed once.
private struct ParsedCodes: Sendable {
    private var intervals: [String: ResponseInterval?] = [:]
    private var agencies: [String: AgencyID?] = [:]
    private var priorities: [String: Priority?] = [:]
    private var areas: [String: RegionCode?] = [:]
    private var callTakers: [String: String?] = [:]
    private var dispositions: [String: CallDisposition?] = [:]
    private var channels: [String: CallChannel?] = [:]

    mutating func interval(_ text: String) -> ResponseInterval? {
        Self.once(text, in: &intervals, ResponseInterval.init)
    }
    mutating func agency(_ text: String) -> AgencyID? {
        Self.once(text, in: &agencies) { $0.isEmpty ? nil : AgencyID($0) }
    }
    mutating func priority(_ text: String) -> Priority? { Self.once(text, in: &priorities, Priority.init) }
    mutating func kecamatan(_ text: String) -> RegionCode? { Self.once(text, in: &areas, RegionCode.init) }
    mutating func disposition(_ text: String) -> CallDisposition? {
        Self.once(text, in: &dispositions, CallDisposition.init)
    }
    mutating func channel(_ text: String) -> CallChannel? { Self.once(text, in: &channels, CallChannel.init) }
    /// The same string storage for every row of one call taker.
    mutating func callTaker(_ text: String) -> String? { Self.once(text, in: &callTakers) { $0.isEmpty ? nil : $0 } }

    private static func once<T>(_ text: String, in parsed: inout [String: T?], _ parse: (String) -> T?) -> T? {
        if let known = parsed[text] { return known }
        let value = parse(text)
        parsed[text] = .some(value)
        return value
    }
}
