public import Foundation
import SQLKit
public import SiagaCore

/// What a feed answered when it was last read: kept so the next read is conditional, and shown to the region's IT.
public struct FeedRead: Hashable, Sendable {
    public enum Outcome: String, Sendable {
        /// Read and taken in.
        case read
        /// The feed said nothing changed (304).
        case unchanged
        /// The feed could not be reached, or answered with an error.
        case failed
        /// The feed answered with a document that could not be read at all.
        case unreadable
    }

    public var feed: String
    public var etag: String?
    public var lastModified: String?
    public var checkedAt: Date
    public var outcome: Outcome
    public var detail: String?
    public var quakes: Int
    public var refusals: Int

    public init(
        feed: String, etag: String?, lastModified: String?, checkedAt: Date, outcome: Outcome, detail: String?,
        quakes: Int, refusals: Int
    ) {
        self.feed = feed
        self.etag = etag
        self.lastModified = lastModified
        self.checkedAt = checkedAt
        self.outcome = outcome
        self.detail = detail
        self.quakes = quakes
        self.refusals = refusals
    }
}

/// A feed entry refused, as recorded.
public struct RecordedRefusal: Hashable, Sendable {
    public var feed: String
    public var at: Date
    public var refusal: QuakeRefusal
}

/// A warning another system gave a region, as recorded.
public enum StoredWarning: Hashable, Sendable {
    case quake(QuakeWarning)
    case weather(WeatherWarning)
}

extension StoreReader {
    /// The region's warnings received at or after `since`, newest first.
    public func warnings(of region: RegionCode, since: Date, limit: Int = 100) async throws -> [StoredWarning] {
        try await database.raw(
            """
            SELECT source, document FROM warnings WHERE region_code = \(bind: region.rawValue)
              AND received_at_ms >= \(bind: since.millisecondsSince1970)
            ORDER BY received_at_ms DESC, stream_id LIMIT \(bind: limit)
            """
        ).all().map { row in
            let document = try row.decode(column: "document", as: String.self)
            return switch try row.decode(column: "source", as: String.self) {
            case WeatherWarning.source: .weather(try StoredJSON.decode(WeatherWarning.self, from: document))
            default: .quake(try StoredJSON.decode(QuakeWarning.self, from: document))
            }
        }
    }

    /// True when the weather alert `identifier` is already recorded for `region`.
    public func knowsWeatherAlert(_ identifier: String, region: RegionCode) async throws -> Bool {
        try await database.raw(
            """
            SELECT 1 AS known FROM warnings WHERE source = \(bind: WeatherWarning.source)
              AND reference = \(bind: identifier) AND region_code = \(bind: region.rawValue)
            """
        ).first() != nil
    }

    /// The verdict recorded for the quake `eventID` in `region`, if it was recorded.
    public func quakeVerdict(eventID: String, region: RegionCode) async throws -> QuakeAssessment.Verdict? {
        try await database.raw(
            """
            SELECT verdict FROM warnings WHERE source = 'bmkg' AND reference = \(bind: eventID)
              AND region_code = \(bind: region.rawValue)
            """
        ).first().flatMap { QuakeAssessment.Verdict(rawValue: try $0.decode(column: "verdict", as: String.self)) }
    }

    /// The region's quake thresholds, or the defaults until it sets its own.
    public func quakeThresholds(of region: RegionCode) async throws -> QuakeThresholds {
        guard
            let row = try await database.raw(
                "SELECT document FROM quake_thresholds WHERE region_code = \(bind: region.rawValue)"
            ).first()
        else { return .defaults }
        return try StoredJSON.decode(QuakeThresholds.self, from: try row.decode(column: "document", as: String.self))
    }

    /// What `feed` answered when last read.
    public func feedRead(_ feed: String) async throws -> FeedRead? {
        try await feedReads().first { $0.feed == feed }
    }

    /// Every feed's last read, by name.
    public func feedReads() async throws -> [FeedRead] {
        try await database.raw(
            """
            SELECT feed, etag, last_modified, checked_at_ms, outcome, detail, quakes, refusals FROM feed_reads
            ORDER BY feed
            """
        ).all().map { row in
            FeedRead(
                feed: try row.decode(column: "feed", as: String.self),
                etag: try row.decode(column: "etag", as: String?.self),
                lastModified: try row.decode(column: "last_modified", as: String?.self),
                checkedAt: Date(millisecondsSince1970: try row.decode(column: "checked_at_ms", as: Int64.self)),
                outcome: FeedRead.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failed,
                detail: try row.decode(column: "detail", as: String?.self),
                quakes: try row.decode(column: "quakes", as: Int.self),
                refusals: try row.decode(column: "refusals", as: Int.self))
        }
    }

    /// The refusals recorded since `since`, newest first.
    public func feedRefusals(since: Date, limit: Int = 200) async throws -> [RecordedRefusal] {
        try await database.raw(
            """
            SELECT feed, at_ms, entry, event_id, reason, field, value FROM feed_refusals
            WHERE at_ms >= \(bind: since.millisecondsSince1970) ORDER BY at_ms DESC, fingerprint LIMIT \(bind: limit)
            """
        ).all().compactMap { row in
            guard let reason = QuakeRefusal.Reason(rawValue: try row.decode(column: "reason", as: String.self))
            else { return nil }
            return RecordedRefusal(
                feed: try row.decode(column: "feed", as: String.self),
                at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)),
                refusal: QuakeRefusal(
                    entry: try row.decode(column: "entry", as: Int.self),
                    eventID: try row.decode(column: "event_id", as: String?.self), reason: reason,
                    field: try row.decode(column: "field", as: String.self),
                    value: try row.decode(column: "value", as: String?.self)))
        }
    }
}

extension WriteTransaction {
    /// Records `warning` for `region`: its event in the log (for the live board) and its row in the list. A quake
    /// already recorded for the region is left as it is (returns false), unless `raising` names the verdict it was
    /// recorded with: a later reading that raises it (felt more strongly than first reported) replaces the row
    /// and adds a second event.
    public func recordQuakeWarning(
        _ warning: QuakeWarning, region: RegionCode, raising: QuakeAssessment.Verdict? = nil, metadata: EventMetadata
    ) async throws -> Bool {
        let stream = QuakeWarning.streamID(eventID: warning.quake.eventID, region: region)
        if let raising {
            let updated = try await database.raw(
                """
                UPDATE warnings SET verdict = \(bind: warning.assessment.verdict.rawValue),
                    incident_id = \(bind: warning.incidentID?.rawValue), document = \(bind: try StoredJSON.encode(warning))
                WHERE stream_id = \(bind: stream) AND verdict = \(bind: raising.rawValue) RETURNING stream_id
                """
            ).first()
            guard updated != nil else { return false }
            let event = WarningEvent.quakeReported(warning)
            _ = try await appendEvents(
                [event], typeNames: [event.typeName], stream: ("warning", stream, region), fromVersion: 1,
                metadata: metadata)
            return true
        }
        let inserted = try await database.raw(
            """
            INSERT INTO warnings (stream_id, region_code, source, reference, verdict, occurred_at_ms, received_at_ms,
                                  incident_id, document)
            VALUES (\(bind: stream), \(bind: region.rawValue), 'bmkg', \(bind: warning.quake.eventID),
                    \(bind: warning.assessment.verdict.rawValue), \(bind: warning.quake.origin.millisecondsSince1970),
                    \(bind: metadata.at.millisecondsSince1970), \(bind: warning.incidentID?.rawValue),
                    \(bind: try StoredJSON.encode(warning)))
            ON CONFLICT DO NOTHING RETURNING stream_id
            """
        ).first()
        guard inserted != nil else { return false }
        let event = WarningEvent.quakeReported(warning)
        _ = try await appendEvents(
            [event], typeNames: [event.typeName], stream: ("warning", stream, region), fromVersion: 0,
            metadata: metadata)
        return true
    }

    /// Records a weather warning for `region`, with its event for the live board; one already recorded is left as
    /// it is (returns false).
    public func recordWeatherWarning(_ warning: WeatherWarning, region: RegionCode, metadata: EventMetadata)
        async throws -> Bool
    {
        let stream = WeatherWarning.streamID(identifier: warning.identifier, region: region)
        let inserted = try await database.raw(
            """
            INSERT INTO warnings (stream_id, region_code, source, reference, verdict, occurred_at_ms, received_at_ms,
                                  incident_id, document)
            VALUES (\(bind: stream), \(bind: region.rawValue), \(bind: WeatherWarning.source),
                    \(bind: warning.identifier), 'show', \(bind: warning.sent.millisecondsSince1970),
                    \(bind: metadata.at.millisecondsSince1970), NULL, \(bind: try StoredJSON.encode(warning)))
            ON CONFLICT DO NOTHING RETURNING stream_id
            """
        ).first()
        guard inserted != nil else { return false }
        let event = WarningEvent.weatherReported(warning)
        _ = try await appendEvents(
            [event], typeNames: [event.typeName], stream: ("warning", stream, region), fromVersion: 0,
            metadata: metadata)
        return true
    }

    /// Sets the region's quake thresholds.
    public func setQuakeThresholds(_ thresholds: QuakeThresholds, of region: RegionCode, at: Date) async throws {
        try await database.raw(
            """
            INSERT INTO quake_thresholds (region_code, document, updated_at_ms)
            VALUES (\(bind: region.rawValue), \(bind: try StoredJSON.encode(thresholds)), \(bind: at.millisecondsSince1970))
            ON CONFLICT (region_code) DO UPDATE SET document = excluded.document, updated_at_ms = excluded.updated_at_ms
            """
        ).run()
    }

    /// Records what a feed answered; `etag` and `lastModified` are kept from the last read that had them.
    public func recordFeedRead(_ read: FeedRead) async throws {
        try await database.raw(
            """
            INSERT INTO feed_reads (feed, etag, last_modified, checked_at_ms, outcome, detail, quakes, refusals)
            VALUES (\(bind: read.feed), \(bind: read.etag), \(bind: read.lastModified),
                    \(bind: read.checkedAt.millisecondsSince1970), \(bind: read.outcome.rawValue), \(bind: read.detail),
                    \(bind: read.quakes), \(bind: read.refusals))
            ON CONFLICT (feed) DO UPDATE SET etag = COALESCE(excluded.etag, feed_reads.etag),
                last_modified = COALESCE(excluded.last_modified, feed_reads.last_modified),
                checked_at_ms = excluded.checked_at_ms, outcome = excluded.outcome, detail = excluded.detail,
                quakes = excluded.quakes, refusals = excluded.refusals
            """
        ).run()
    }

    /// Forgets what feeds answered before `olderThan`, but for the feeds in `keeping`.
    public func forgetFeedReads(olderThan: Date, keeping: [String]) async throws {
        try await database.raw(
            """
            DELETE FROM feed_reads WHERE checked_at_ms < \(bind: olderThan.millisecondsSince1970)
              AND feed NOT IN (\(binds: keeping.isEmpty ? [""] : keeping))
            """
        ).run()
    }

    /// Records refused entries; the same refusal read again from the same feed is recorded once.
    public func recordFeedRefusals(_ refusals: [QuakeRefusal], feed: String, at: Date) async throws {
        for refusal in refusals {
            let fingerprint = [
                feed, refusal.eventID ?? "#\(refusal.entry)", refusal.reason.rawValue, refusal.field,
                refusal.value ?? "",
            ].joined(separator: "|")
            try await database.raw(
                """
                INSERT INTO feed_refusals (fingerprint, feed, at_ms, entry, event_id, reason, field, value)
                VALUES (\(bind: fingerprint), \(bind: feed), \(bind: at.millisecondsSince1970), \(bind: refusal.entry),
                        \(bind: refusal.eventID), \(bind: refusal.reason.rawValue), \(bind: refusal.field),
                        \(bind: refusal.value))
                ON CONFLICT (fingerprint) DO NOTHING
                """
            ).run()
        }
    }
}
