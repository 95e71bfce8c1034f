public import Foundation

/// An EIDO read as a new incident: what it says, checked field by field.
public struct EIDOImport: Hashable, Sendable {
    /// The document's `$id`: a second import of the same document finds the incident the first made.
    public var documentID: String
    public var issuer: String
    /// The sender's own number for the incident.
    public var externalNumber: String?
    /// The sender's category code (a Siaga112 peer's), used when this region has the same category.
    public var categoryCode: String?
    public var typeText: String
    public var coordinate: Coordinate?
    public var address: String?
    public var callerName: String?
    public var callerPhone: String?
    /// The notes, oldest first: the first is the description.
    public var notes: [String]

    public static let maxNotes = 200

    /// Checks `document` and reads it; throws every field problem at once.
    public init(_ document: EIDODocument) throws(ValidationError) {
        var problems: [FieldError] = []
        func nonBlank(_ text: String, _ field: String) {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(FieldError(field, .required))
            }
        }
        func instant(_ text: String, _ field: String) {
            if RFC3339.date(text) == nil { problems.append(FieldError(field, .invalidFormat)) }
        }
        if document.eidoVersion != EIDODocument.version {
            problems.append(FieldError("eidoVersion", .unknownValue(allowed: [EIDODocument.version])))
        }
        nonBlank(document.id, "$id")
        instant(document.lastUpdateTimeStamp, "lastUpdateTimeStamp")
        nonBlank(document.issuingElementIdentification, "issuingElementIdentification")
        if document.agencyComponent.isEmpty { problems.append(FieldError("agencyComponent", .required)) }
        for (index, agency) in document.agencyComponent.enumerated() {
            nonBlank(agency.id, "agencyComponent[\(index)].$id")
            instant(agency.lastUpdateTimeStamp, "agencyComponent[\(index)].lastUpdateTimeStamp")
        }
        if let incident = document.incidentComponent {
            nonBlank(incident.incidentTypeCommonRegistryText, "incidentComponent.incidentTypeCommonRegistryText")
            instant(incident.lastUpdateTimeStamp, "incidentComponent.lastUpdateTimeStamp")
        } else {
            problems.append(FieldError("incidentComponent", .required))
        }
        let notes = (document.notesComponent ?? []).map(\.notesActionComments)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if notes.isEmpty { problems.append(FieldError("notesComponent", .required)) }
        if notes.count > Self.maxNotes { problems.append(FieldError("notesComponent", .tooLong(max: Self.maxNotes))) }
        for (index, note) in notes.enumerated() where note.count > Incident.maxNoteLength {
            problems.append(
                FieldError("notesComponent[\(index)].notesActionComments", .tooLong(max: Incident.maxNoteLength)))
        }
        var coordinate: Coordinate?
        var address: String?
        if let pidf = document.locationComponent?.first?.locationByValue {
            do { coordinate = try PIDFLO.point(in: pidf) } catch { problems += error.fieldErrors }
            address = PIDFLO.address(in: pidf)
        }
        let caller = document.personComponent?.first { $0.personIncidentRoleRegistryText.contains("Caller") }
        if let phone = caller?.personPhone, PhoneNumber(phone) == nil {
            problems.append(FieldError("personComponent.personPhone", .invalidFormat))
        }
        try ValidationError.check(problems)
        documentID = document.id
        issuer = document.issuingElementIdentification
        externalNumber = document.incidentComponent?.internalIncidentId
        categoryCode = document.incidentComponent?.incidentTypeInternalCode
        typeText =
            document.incidentComponent?.incidentTypeInternalText
            ?? document.incidentComponent?.incidentTypeCommonRegistryText ?? ""
        self.coordinate = coordinate
        self.address = address.map { String($0.prefix(500)) }
        callerName = caller?.personName.map { String($0.prefix(200)) }
        callerPhone = caller?.personPhone
        self.notes = notes
    }

    /// The new incident's description: where it came from, then the sender's description.
    public var description: String {
        let from = "[EIDO \(issuer)\(externalNumber.map { " \($0)" } ?? "")] \(typeText)"
        return String((from + ": " + (notes.first ?? "")).prefix(Incident.maxDescriptionLength))
    }
}
