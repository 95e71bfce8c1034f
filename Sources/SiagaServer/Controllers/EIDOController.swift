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
        let document = try await store.read { reader in
            let incident = try await context.readableIncident(key, in: reader)
            return try await EIDOExport.document(of: incident, reader: reader, withCaller: context.callerView == .full)
        }
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
        let incident = try await store.perform(
            UnitOfWork(priority: .urgent, at: metadata.at) { transaction in
                let incident = try await EIDOIntake(dependencies: dependencies).open(
                    taken, in: code, metadata: metadata, transaction: transaction)
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

/// An EIDO taken in as a new incident of a region: its category when the region has the same one, its place, its
/// caller, and its notes on the timeline.
struct EIDOIntake {
    let dependencies: Dependencies

    func open(
        _ taken: EIDOImport, in code: RegionCode, transferredFrom origin: TransferOrigin? = nil,
        priority: Priority? = nil, metadata: EventMetadata, transaction: WriteTransaction
    ) async throws -> Incident {
        let rules = try await transaction.reader.incidentRules(for: code)
        let category = taken.categoryCode.flatMap { code in
            rules.categories.categories.contains { $0.code == code } ? code : nil
        }
        let location =
            taken.coordinate != nil || taken.address != nil
            ? Location(coordinate: taken.coordinate, address: taken.address, source: .operator) : nil
        var report = CreateIncident(
            regionCode: code, classification: category.map { Classification(category: $0, subcategory: nil) },
            priority: priority, location: location, description: taken.description,
            callerNumber: taken.callerPhone.flatMap(PhoneNumber.init), callerName: taken.callerName)
        report.transferredFrom = origin
        var incident = try await IncidentService(dependencies: dependencies).create(report, metadata, in: transaction)
            .after
        for note in taken.notes.dropFirst() {
            let events = try IncidentLifecycle.decide(.addNote(note), on: incident, rules: rules)
            incident = try await transaction.appendIncident(events, to: incident, metadata: metadata)
        }
        return incident
    }
}

/// An incident as EIDO, as this deployment's center issues it.
enum EIDOExport {
    /// `incident` as an EIDO with its timeline as notes; the caller only `withCaller`. `maxNotes` keeps the
    /// first note (the description) and the latest others, each cut to `maxNoteLength`, for a message that
    /// must stay small (a handover to a neighbour).
    static func document(
        of incident: Incident, reader: StoreReader, withCaller: Bool, maxNotes: Int? = nil, maxNoteLength: Int? = nil
    ) async throws -> EIDODocument {
        guard let region = try await reader.region(incident.regionCode) else {
            throw StoreError.regionNotFound(incident.regionCode)
        }
        let events = try await reader.incidentEvents(incident.id)
        let agencies = try await reader.agencies(of: incident.regionCode)
        let categories = try await reader.categories(of: incident.regionCode) ?? CategoryCatalog.defaults
        let names = Dictionary(agencies.map { ($0.id, ($0.name, $0.kind)) }, uniquingKeysWith: { first, _ in first })
        let issuer = EIDODocument.Issuer(
            element: "siaga112.\(region.code.compact)", centerName: centerName(of: region),
            utcOffsetHours: region.timeZone.utcOffsetHours, agencyName: { names[$0]?.0 ?? $0.rawValue },
            agencyKind: { names[$0]?.1 },
            categoryName: { code in categories.categories.first { $0.code == code }?.name.id ?? code })
        var notes = events.compactMap { recorded -> (at: Date, text: String)? in
            EIDONotes.text(recorded.event, agency: { names[$0]?.0 ?? $0.rawValue }).map { (recorded.metadata.at, $0) }
        }
        if let maxNotes, notes.count > maxNotes {
            notes = Array(notes.prefix(1) + notes.suffix(max(0, maxNotes - 1)))
        }
        if let maxNoteLength {
            notes = notes.map { ($0.at, String($0.text.prefix(maxNoteLength))) }
        }
        return EIDODocument(exporting: incident, notes: notes, issuer: issuer, withCaller: withCaller)
    }

    /// How the region's center is named to other centers.
    static func centerName(of region: Region) -> String { "Command Center 112 \(region.name)" }
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
