import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Incidents as EIDO (NENA-STA-021 JSON), for other 112 centers and dispatch systems.
///
/// | method | path                          | does                                                               |
/// |--------|-------------------------------|--------------------------------------------------------------------|
/// | GET    | /incidents/{id}/eido          | the incident as an EIDO: agencies, incident, location, timeline as notes, the caller for who sees callers' numbers |
/// | POST   | /regions/{code}/incidents/eido | an EIDO taken in as a new incident of the region, its notes on the timeline; the same document twice makes one |
struct EIDOController {
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("incidents/{id}/eido", .incidentRead, use: export)
        group.post("regions/{code}/incidents/eido", .incidentCreate, use: take)
    }

    @Sendable func export(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let key = try context.parameters.require("id")
        let (incident, events, region, agencies, categories) = try await store.read { reader in
            let incident = try await context.readableIncident(key, in: reader)
            return (
                incident, try await reader.incidentEvents(incident.id), try await reader.region(incident.regionCode),
                try await reader.agencies(of: incident.regionCode),
                try await reader.categories(of: incident.regionCode) ?? CategoryCatalog.defaults
            )
        }
        guard let region else { throw StoreError.regionNotFound(incident.regionCode) }
        let names = Dictionary(agencies.map { ($0.id, ($0.name, $0.kind)) }, uniquingKeysWith: { first, _ in first })
        let issuer = EIDODocument.Issuer(
            element: "siaga112.\(region.code.compact)", centerName: "Command Center 112 \(region.name)",
            utcOffsetHours: region.timeZone.utcOffsetHours, agencyName: { names[$0]?.0 ?? $0.rawValue },
            agencyKind: { names[$0]?.1 },
            categoryName: { code in categories.categories.first { $0.code == code }?.name.id ?? code })
        let notes = events.compactMap { recorded -> (at: Date, text: String)? in
            EIDONotes.text(recorded.event, agency: { names[$0]?.0 ?? $0.rawValue }).map { (recorded.metadata.at, $0) }
        }
        let document = EIDODocument(
            exporting: incident, notes: notes, issuer: issuer, withCaller: context.callerView == .full)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(document))))
    }

    struct TakenDTO: Encodable, Sendable {
        var incidentId: String
        var number: String
        /// False when the same document had already been taken in.
        var created: Bool
    }

    @Sendable func take(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.incidentCreate, .region(code))
        let body = try await RequestBody<EIDODocument>.decode(request)
        let taken = try EIDOImport(body.value)
        if let known = try await store.read({
            try await $0.importedIncident(documentID: taken.documentID, region: code)
        }),
            let incident = try await store.read({ try await $0.incident(known) })
        {
            return try .json(TakenDTO(incidentId: known.rawValue, number: incident.number.description, created: false))
        }
        let metadata = dependencies.metadata(context.actor)
        let incidents = IncidentService(dependencies: dependencies)
        let incident = try await store.perform(
            UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
                let rules = try await transaction.reader.incidentRules(for: code)
                let category = taken.categoryCode.flatMap { code in
                    rules.categories.categories.contains { $0.code == code } ? code : nil
                }
                let location =
                    taken.coordinate != nil || taken.address != nil
                    ? Location(coordinate: taken.coordinate, address: taken.address, source: .operator) : nil
                let report = CreateIncident(
                    regionCode: code, classification: category.map { Classification(category: $0, subcategory: nil) },
                    location: location, description: taken.description,
                    callerNumber: taken.callerPhone.flatMap(PhoneNumber.init),
                    callerName: taken.callerName)
                var incident = try await incidents.create(report, metadata, in: transaction).after
                for note in taken.notes.dropFirst() {
                    let events = try IncidentLifecycle.decide(.addNote(note), on: incident, rules: rules)
                    incident = try await transaction.appendIncident(events, to: incident, metadata: metadata)
                }
                guard
                    try await transaction.recordEIDOImport(
                        documentID: taken.documentID, region: code, incident: incident.id, at: metadata.at)
                else { throw EIDOAlreadyTaken() }
                return incident
            })
        return try .json(
            TakenDTO(incidentId: incident.id.rawValue, number: incident.number.description, created: true),
            status: .created)
    }
}

/// Another request took the same document in at the same moment: its incident stands, this one was rolled back.
struct EIDOAlreadyTaken: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "eido-already-taken", status: .conflict,
            title: language.pick("Dokumen EIDO sudah diterima", "EIDO document already taken in"),
            detail: language.pick(
                "Dokumen yang sama baru saja diterima; kirim ulang untuk melihat kejadiannya.",
                "The same document was just taken in; send it again to see its incident."))
    }
}

/// The timeline's steps as EIDO notes, in the call takers' language: what a neighbouring 112 needs to read.
enum EIDONotes {
    static func text(_ event: IncidentEvent, agency name: (AgencyID) -> String) -> String? {
        switch event {
        case .noteAdded(let note): note.text
        case .classified(let classified):
            "Diklasifikasi: \(classified.classification.category)"
                + (classified.classification.subcategory.map { "/\($0)" } ?? "") + ", \(classified.priority.rawValue)"
        case .located(let location): "Lokasi: \(location.address ?? location.kecamatanCode?.rawValue ?? "koordinat")"
        case .dispatched(let dispatched): "Diteruskan ke \(name(dispatched.agencyID))"
        case .dispatchAcknowledged(let acknowledged): "\(name(acknowledged.agencyID)) menerima"
        case .unitAssigned(let assigned): "\(name(assigned.agencyID)) menugaskan unit"
        case .dispatchOnScene(let step): "\(name(step.agencyID)) tiba di lokasi"
        case .dispatchCompleted(let completed):
            "\(name(completed.agencyID)) selesai: \(completed.outcome.summary)"
        case .dispatchDeclined(let ended): "\(name(ended.agencyID)) menolak: \(ended.reason)"
        case .resolved(let resolved): "Selesai: \(resolved.summary)"
        case .cancelled(let cancelled): "Dibatalkan: \(cancelled.reason)"
        case .verified(let verified): "Diverifikasi" + (verified.note.map { ": \($0)" } ?? "")
        case .reopened(let reopened): "Dibuka kembali: \(reopened.reason)"
        default: nil
        }
    }
}
