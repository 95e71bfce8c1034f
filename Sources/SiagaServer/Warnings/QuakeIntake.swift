import Foundation
import SiagaCore
import SiagaStore

/// Takes in a BMKG quake feed: reads it, records the entries it refused, and for each served region that a new
/// quake concerns records the warning (the board shows it at once) and, when the quake is strong and near, opens
/// an incident awaiting a call taker's verification, in the same transaction. Never forwards anything.
struct QuakeIntake: Sendable {
    let dependencies: Dependencies

    /// The actor of everything the feed records.
    static let actor = Actor.system("bmkg")

    struct Outcome: Encodable, Sendable {
        struct Warning: Encodable, Sendable {
            var region: String
            var eventId: String
            var verdict: QuakeAssessment.Verdict
            var distanceKm: Double
            var incidentId: String?
        }

        /// Quakes that passed every check.
        var quakes: Int
        /// Warnings recorded now (a quake already recorded for a region is not recorded again).
        var warnings: [Warning]
        var refusals: [QuakeRefusal]
    }

    /// The document could not be read at all: nothing of it was used.
    struct Unreadable: Error {
        var feed: String
        var reason: String
    }

    /// Takes in `data`, read from the feed named `feed`.
    func take(_ data: Data, feed: String) async throws -> Outcome {
        let now = dependencies.now()
        let reading: QuakeFeed.Reading
        do {
            reading = try QuakeFeed.read(data, source: feed, now: now)
        } catch {
            throw Unreadable(feed: feed, reason: error.reason)
        }
        if !reading.refusals.isEmpty {
            try await dependencies.store.transaction {
                try await $0.recordFeedRefusals(reading.refusals, feed: feed, at: now)
            }
        }
        let regions = try await dependencies.store.read { try await $0.regions() }
        var warnings: [Outcome.Warning] = []
        for quake in reading.quakes {
            for region in regions {
                if let warning = try await take(quake, for: region) { warnings.append(warning) }
            }
        }
        return Outcome(quakes: reading.quakes.count, warnings: warnings, refusals: reading.refusals)
    }

    /// Records `quake` for `region` when it concerns it and was not recorded before, or raises what was recorded
    /// when this reading says more (a felt list that puts the region at MMI V where the first reading had none).
    private func take(_ quake: Quake, for region: Region) async throws -> Outcome.Warning? {
        let (known, thresholds) = try await dependencies.store.read { reader in
            (
                try await reader.quakeVerdict(eventID: quake.eventID, region: region.code),
                try await reader.quakeThresholds(of: region.code)
            )
        }
        guard known != .verify, let distance = try Self.distanceKm(from: quake.epicenter, to: region.code) else {
            return nil
        }
        let assessment = QuakeAssessment.assess(
            quake, regionName: region.name, distanceKm: distance, thresholds: thresholds)
        guard assessment.verdict != .ignore, assessment.verdict != known else { return nil }
        let metadata = dependencies.metadata(Self.actor)
        let incidents = IncidentService(dependencies: dependencies)
        let recorded: IncidentID??
        do {
            recorded = try await dependencies.store.perform(
                UnitOfWork(priority: .urgent, at: metadata.at) { transaction -> IncidentID?? in
                    var incidentID: IncidentID?
                    if assessment.verdict == .verify {
                        var report = CreateIncident(
                            regionCode: region.code,
                            classification: Classification(category: "bencana-alam", subcategory: nil),
                            description: QuakeWarning(quake: quake, assessment: assessment, incidentID: nil)
                                .incidentDescription)
                        report.verification = VerificationRequest(source: "bmkg", reference: quake.eventID)
                        incidentID = try await incidents.create(report, metadata, in: transaction).after.id
                    }
                    let warning = QuakeWarning(quake: quake, assessment: assessment, incidentID: incidentID)
                    // Another server took it in first: this transaction, its incident included, is rolled back.
                    guard
                        try await transaction.recordQuakeWarning(
                            warning, region: region.code, raising: known, metadata: metadata)
                    else { throw AlreadyRecorded() }
                    return .some(incidentID)
                })
        } catch is AlreadyRecorded {
            return nil
        }
        return Outcome.Warning(
            region: region.code.rawValue, eventId: quake.eventID, verdict: assessment.verdict,
            distanceKm: assessment.distanceKm, incidentId: recorded??.rawValue)
    }

    private struct AlreadyRecorded: Error {}

    /// From `point` to the boundary of `region` (0 inside it), in kilometres; nil for a region without one.
    static func distanceKm(from point: Coordinate, to region: RegionCode) throws -> Double? {
        try ReferenceData.kabupaten().areas.first { $0.code == region }.map {
            $0.contains(point) ? 0 : $0.distance(from: point) / 1000
        }
    }
}
