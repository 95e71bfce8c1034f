import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Warnings from other systems: BMKG's quakes, read from its feeds or handed in by a relay.
///
/// | method | path                              | does                                                          |
/// |--------|-----------------------------------|---------------------------------------------------------------|
/// | POST   | /warnings/bmkg                    | a BMKG quake feed document as fetched (`feed` names it): taken in like a polled one |
/// | GET    | /warnings                         | a region's warnings, newest first (`region`, `since`)         |
/// | GET    | /warnings/feeds                   | what each feed answered when last read, and the entries refused |
/// | GET    | /regions/{code}/quake-thresholds  | when a quake concerns the region (its own, or the defaults)   |
/// | PUT    | /regions/{code}/quake-thresholds  | sets them, agreed with the region's BPBD; audited            |
struct WarningController {
    let dependencies: Dependencies
    let audit: AuditTrail

    private var store: SQLStore { dependencies.store }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.post("warnings/bmkg", .warningSubmit, use: submit)
        group.post("warnings/bmkg-cap", .warningSubmit, use: submitCAP)
        group.get("warnings", .referenceRead, use: list)
        group.get("warnings/feeds", .referenceRead, use: feeds)
        group.get("regions/{code}/quake-thresholds", .referenceRead, use: thresholds)
        group.put("regions/{code}/quake-thresholds", .regionConfigure, use: setThresholds)
    }

    @Sendable func submit(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try context.authorize(.warningSubmit, .allRegions)
        var query = QueryReader(request)
        let feed = query.string("feed") ?? "upload"
        if feed.count > 100 || !feed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            query.fail("feed", .invalidFormat)
        }
        try query.check(request.language)
        let body = try await collect(request, upTo: QuakeFeed.maxBytes)
        do {
            let outcome = try await QuakeIntake(dependencies: dependencies).take(
                Data(body.readableBytesView), feed: feed)
            return try .json(outcome)
        } catch let unreadable as QuakeIntake.Unreadable {
            throw ProblemDetails.feedUnreadable(unreadable, request.language)
        }
    }

    /// One warning: `kind` `quake` with `warning`, or `weather` with `weather`.
    struct WarningDTO: Encodable, Sendable {
        var region: String
        var kind: String
        var warning: QuakeWarning?
        var weather: WeatherWarning?

        init(region: RegionCode, _ stored: StoredWarning) {
            self.region = region.rawValue
            switch stored {
            case .quake(let quake): (kind, warning) = ("quake", quake)
            case .weather(let weather): (kind, self.weather) = ("weather", weather)
            }
        }
    }

    /// A nowcast CAP file as fetched from BMKG, handed in by a relay: taken in like a polled one. A file refused
    /// answers 422 with the field and value that made it untrustworthy, and nothing is recorded.
    @Sendable func submitCAP(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try context.authorize(.warningSubmit, .allRegions)
        let body = try await collect(request, upTo: WeatherCAP.maxBytes)
        let outcome = try await WeatherIntake(dependencies: dependencies).take(Data(body.readableBytesView))
        if let refusal = outcome.refusal { throw WeatherCAPRefused(refusal: refusal) }
        return try .json(outcome)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let region = try QueryReader.requiredRegion(request)
        try context.authorize(.referenceRead, .region(region))
        var query = QueryReader(request)
        let since = query.instant("since") ?? dependencies.now().addingTimeInterval(-7 * 86_400)
        try query.check(request.language)
        let warnings = try await store.read { try await $0.warnings(of: region, since: since) }
        return try .json(ItemsDTO(items: warnings.map { WarningDTO(region: region, $0) }))
    }

    struct FeedsDTO: Encodable, Sendable {
        struct Read: Encodable, Sendable {
            var feed: String
            var checkedAt: Date
            var outcome: String
            var detail: String?
            var quakes: Int
            var refusals: Int
        }

        struct Refusal: Encodable, Sendable {
            var feed: String
            var at: Date
            var refusal: QuakeRefusal
        }

        var feeds: [Read]
        var refusals: [Refusal]
    }

    /// Deployment-wide: every feed serves every region.
    @Sendable func feeds(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try context.authorize(.referenceRead, .deployment)
        let since = dependencies.now().addingTimeInterval(-7 * 86_400)
        let (reads, refusals) = try await store.read { reader in
            (try await reader.feedReads(), try await reader.feedRefusals(since: since))
        }
        return try .json(
            FeedsDTO(
                feeds: reads.map {
                    FeedsDTO.Read(
                        feed: $0.feed, checkedAt: $0.checkedAt, outcome: $0.outcome.rawValue, detail: $0.detail,
                        quakes: $0.quakes, refusals: $0.refusals)
                },
                refusals: refusals.map { FeedsDTO.Refusal(feed: $0.feed, at: $0.at, refusal: $0.refusal) }))
    }

    @Sendable func thresholds(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        return try .json(try await store.read { try await $0.quakeThresholds(of: code) })
    }

    @Sendable func setThresholds(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionConfigure, .region(code))
        let body = try await RequestBody<QuakeThresholds>.decode(request)
        try ValidationError.check(body.value.problems)
        let at = dependencies.now()
        try await store.transaction { transaction in
            guard try await transaction.reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            try await transaction.setQuakeThresholds(body.value, of: code, at: at)
        }
        try await context.record(
            .quakeThresholdsChanged, in: audit, target: code.rawValue, region: code,
            detail: [
                "noticeMagnitude": "\(body.value.noticeMagnitude)", "noticeRadiusKm": "\(body.value.noticeRadiusKm)",
                "incidentIntensity": "\(body.value.incidentIntensity)",
                "incidentMagnitude": "\(body.value.incidentMagnitude)",
                "incidentRadiusKm": "\(body.value.incidentRadiusKm)",
            ])
        return try .json(body.value)
    }
}

extension ProblemDetails {
    static func feedUnreadable(_ unreadable: QuakeIntake.Unreadable, _ language: Language) -> ProblemDetails {
        ProblemDetails(
            "feed-unreadable", status: .unprocessableContent,
            title: language.pick("Umpan BMKG tidak dapat dibaca", "BMKG feed unreadable"),
            detail: language.pick(
                "Dokumen dari '\(unreadable.feed)' tidak dipakai sama sekali: \(unreadable.reason).",
                "Nothing of the document from '\(unreadable.feed)' was used: \(unreadable.reason)."),
            extensions: ["reason": unreadable.reason])
    }
}

/// A CAP file that could not be trusted: the reason, the field and the value.
struct WeatherCAPRefused: ProblemConvertible {
    var refusal: WeatherRefusal

    func problem(_ language: Language) -> ProblemDetails? {
        var problem = ProblemDetails(
            "cap-refused", status: .unprocessableContent,
            title: language.pick("Peringatan CAP ditolak", "CAP warning refused"),
            detail: language.pick(
                "Berkas CAP ditolak (\(refusal.reason.rawValue)) pada \(refusal.field)"
                    + (refusal.value.map { ": \($0)" } ?? "") + "; tidak ada yang dicatat.",
                "The CAP file was refused (\(refusal.reason.rawValue)) at \(refusal.field)"
                    + (refusal.value.map { ": \($0)" } ?? "") + "; nothing was recorded."))
        problem.extensions["reason"] = refusal.reason.rawValue
        problem.extensions["field"] = refusal.field
        return problem
    }
}
