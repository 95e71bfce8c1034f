import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore

/// Issues, updates and cancels a region's CAP warnings: checks who issues (a supervisor, or an operator of the
/// region's BPBD), turns the request into a CAP 1.2 message with the kecamatan's boundaries, stores it with its XML
/// in one transaction, and audits it.
struct CAPIssuance: Sendable {
    let dependencies: Dependencies
    let region: Region
    let context: AuthorizedContext
    /// Who the message says sent it: the BPBD's name for its operator, the command center's otherwise.
    let senderName: String

    init(dependencies: Dependencies, region code: RegionCode, context: AuthorizedContext) async throws {
        try context.authorize(.warningIssue, .region(code))
        let (region, agencies) = try await dependencies.store.read { reader in
            (try await reader.region(code), try await reader.agencies(of: code))
        }
        guard let region else { throw StoreError.regionNotFound(code) }
        var senderName = "Command Center 112 \(region.name)"
        if context.principal.role == .agencyOperator {
            // An agency issues warnings only when it is the region's disaster agency.
            guard let agency = agencies.first(where: { $0.id == context.principal.agency }), agency.kind == .bpbd else {
                throw AccessDenied(denial: .notPermitted(context.principal.role, .warningIssue))
            }
            senderName = agency.name
        }
        self.dependencies = dependencies
        self.region = region
        self.context = context
        self.senderName = senderName
    }

    /// The request as a ``CAPIssue``, or every field problem at once.
    func parse(_ request: CAPController.IssueRequest) throws -> CAPIssue {
        var problems: [FieldError] = []
        let kecamatan = request.kecamatan.enumerated().compactMap { index, text -> RegionCode? in
            guard let code = RegionCode(text) else {
                problems.append(FieldError("kecamatan[\(index)]", .invalidFormat))
                return nil
            }
            return code
        }
        let status = CAPAlert.Status(rawValue: request.status ?? "Actual")
        if status == nil { problems.append(FieldError("status", .unknownValue(allowed: ["Actual", "Exercise"]))) }
        let issue = CAPIssue(
            event: request.event, kecamatan: kecamatan, urgency: request.urgency, severity: request.severity,
            certainty: request.certainty,
            indonesian: .init(
                headline: request.headline, description: request.description, instruction: request.instruction),
            english: request.english.map {
                .init(headline: $0.headline, description: $0.description, instruction: $0.instruction)
            }, validHours: request.validHours ?? 12, status: status ?? .actual)
        problems += issue.problems(in: region.code)
        try ValidationError.check(problems)
        return issue
    }

    /// Issues `issue`, as an update of `previous` when given.
    func issue(_ issue: CAPIssue, replacing previous: StoredCAPAlert?) async throws -> StoredCAPAlert {
        let areas = try issue.kecamatan.map(area)
        return try await record(.capIssued) { identifier, sent in
            issue.alert(
                identifier: identifier, sender: sender, senderName: senderName, sent: sent, areas: areas,
                utcOffsetHours: region.timeZone.utcOffsetHours, messageType: previous == nil ? .alert : .update,
                references: previous.map {
                    [CAPReference(sender: $0.alert.sender, identifier: $0.alert.identifier, sent: $0.alert.sent)]
                }
                    ?? [])
        }
    }

    func cancel(_ previous: StoredCAPAlert, reason: String) async throws -> StoredCAPAlert {
        try await record(.capCancelled) { identifier, sent in
            previous.alert.cancellation(identifier: identifier, sent: sent, reason: reason)
        }
    }

    /// The deployment's sender id for the region.
    var sender: String { "siaga112-\(region.code.compact)" }

    private func record(_ action: AuditAction, _ build: @escaping @Sendable (String, Date) -> CAPAlert) async throws
        -> StoredCAPAlert
    {
        let sent = Date(timeIntervalSince1970: dependencies.now().timeIntervalSince1970.rounded(.down))
        let (region, actor, signer) = (self.region, context.actor, dependencies.capSigner)
        let stored = try await dependencies.store.perform(
            UnitOfWork(priority: .urgent, at: sent) { transaction -> StoredCAPAlert? in
                let sequence = try await transaction.reader.capAlertCount(of: region.code) + 1
                let alert = build("\(region.code.compact)-\(CAPIssuance.stamp(sent, region))-\(sequence)", sent)
                let xml = try signer?.sign(alert) ?? CAPDocument.xml(alert)
                guard try await transaction.recordCAPAlert(alert, xml: xml, region: region.code, by: actor) else {
                    return nil
                }
                return StoredCAPAlert(region: region.code, alert: alert, xml: xml, replacedBy: nil, issuedBy: actor)
            })
        guard let stored else { throw CAPAlreadyReplaced() }
        try await context.record(
            action, in: AuditTrail(store: dependencies.store, now: dependencies.now), target: stored.alert.identifier,
            region: region.code,
            detail: [
                "messageType": stored.alert.messageType.rawValue, "headline": stored.alert.info.first?.headline ?? "",
            ])
        return stored
    }

    /// `yyyyMMddHHmmss` in the region's time.
    static func stamp(_ date: Date, _ region: Region) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = region.timeZone.timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d%02d%02d%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }

    /// A kecamatan as a CAP area: its name and its boundary's outer rings, simplified to about 150 m and closed.
    private func area(_ code: RegionCode) throws -> CAPArea {
        let boundary = try ReferenceData.kecamatan(of: region.code).areas.first { $0.code == code }
        let polygons = (boundary?.polygons ?? []).compactMap { polygon -> [Coordinate]? in
            var points = polygon.outer.simplified(toleranceMeters: 150).points
            if points.count < 3 { points = polygon.outer.points }
            guard points.count >= 3 else { return nil }
            if points.first != points.last { points.append(points[0]) }
            return points.count >= 4 ? points : nil
        }
        return CAPArea(
            description: "Kecamatan \(boundary?.name ?? code.rawValue), \(region.name)", code: code, polygons: polygons)
    }
}

/// The message an update or cancel names was already replaced (by another update or a cancel).
struct CAPAlreadyReplaced: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "cap-replaced", status: .conflict,
            title: language.pick("Peringatan sudah diganti", "Warning already replaced"),
            detail: language.pick(
                "Peringatan ini sudah diperbarui atau dicabut; perbarui atau cabut pesan terbarunya.",
                "This warning was already updated or cancelled; update or cancel its latest message."))
    }
}
