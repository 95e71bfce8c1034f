public import Foundation

/// What an incident becomes in EIDO, and what an EIDO becomes as an incident.
extension EIDODocument {
    /// EIDO's common incident types for Siaga112's default categories; the category itself travels as
    /// `incidentTypeInternalCode`, which a Siaga112 peer reads first.
    static let commonTypes: [String: String] = [
        "kebakaran": "Fire", "medis": "Medical", "kecelakaan": "Traffic Collision", "bencana-alam": "Natural Disaster",
        "kriminal": "Law Enforcement", "kerusuhan": "Civil Disturbance", "sar": "Rescue",
        "hewan-berbahaya": "Animal", "utilitas": "Utility",
    ]

    /// Who writes the document, and the words it needs.
    public struct Issuer: Sendable {
        /// `siaga112.3515`.
        public var element: String
        public var centerName: String
        public var utcOffsetHours: Int
        public var agencyName: @Sendable (AgencyID) -> String
        public var agencyKind: @Sendable (AgencyID) -> AgencyKind?
        public var categoryName: @Sendable (String) -> String

        public init(
            element: String, centerName: String, utcOffsetHours: Int,
            agencyName: @escaping @Sendable (AgencyID) -> String,
            agencyKind: @escaping @Sendable (AgencyID) -> AgencyKind?,
            categoryName: @escaping @Sendable (String) -> String
        ) {
            self.element = element
            self.centerName = centerName
            self.utcOffsetHours = utcOffsetHours
            self.agencyName = agencyName
            self.agencyKind = agencyKind
            self.categoryName = categoryName
        }
    }

    /// `incident` as an EIDO: the command center and every agency it was sent to, the incident, its location, its
    /// timeline as notes (`notes`, oldest first), and the caller when `withCaller`.
    public init(
        exporting incident: SiagaCore.Incident, notes: [(at: Date, text: String)], issuer: Issuer, withCaller: Bool
    ) {
        let stamp = { (date: Date) in CAPDocument.time(date, issuer.utcOffsetHours) }
        let center = Reference(issuer.element)
        let updated = stamp(incident.updatedAt)
        id = "urn:emergency:uid:incidentid:\(incident.id.rawValue):\(issuer.element)"
        lastUpdateTimeStamp = updated
        updatedByAgencyReference = center
        eidoVersion = Self.version
        eidoExtensionId = [Self.extensionID]
        issuingElementIdentification = issuer.element
        let agencies = Array(Set(incident.dispatches.map(\.agencyID))).sorted { $0.rawValue < $1.rawValue }
        agencyComponent =
            [
                Agency(
                    id: issuer.element, lastUpdateTimeStamp: updated, updatedByAgencyReference: center,
                    agencyRoleDescriptionRegistryText: ["CallReceiving"], agencyType: ["psap"],
                    agencyName: issuer.centerName)
            ]
            + agencies.map { agency in
                Agency(
                    id: agency.rawValue, lastUpdateTimeStamp: updated, updatedByAgencyReference: center,
                    agencyRoleDescriptionRegistryText: ["Dispatch"],
                    agencyType: [Self.responderType(issuer.agencyKind(agency))], agencyName: issuer.agencyName(agency))
            }
        let locationID = "location-\(incident.id.rawValue)"
        let category = incident.classification?.category
        incidentComponent = Incident(
            id: "incident-\(incident.id.rawValue)", lastUpdateTimeStamp: updated, updatedByAgencyReference: center,
            incidentTypeCommonRegistryText: category.flatMap { Self.commonTypes[$0] } ?? "Other",
            incidentTypeInternalCode: category, incidentTypeInternalText: category.map(issuer.categoryName),
            incidentStatusCommonRegistryText: [incident.status.rawValue],
            internalIncidentId: incident.number.description,
            locationReference: incident.location == nil ? nil : [Reference(locationID)])
        locationComponent = incident.location.map { location in
            [
                LocationComponent(
                    id: locationID, lastUpdateTimeStamp: updated, updatedByAgencyReference: center,
                    locationTypeDescriptionRegistryText: "Incident", locationByValue: PIDFLO.document(location))
            ]
        }
        notesComponent =
            [
                Notes(
                    id: "note-\(incident.id.rawValue)-0", lastUpdateTimeStamp: stamp(incident.createdAt),
                    updatedByAgencyReference: center, notesActionComments: incident.description)
            ]
            + notes.enumerated().map { index, note in
                Notes(
                    id: "note-\(incident.id.rawValue)-\(index + 1)", lastUpdateTimeStamp: stamp(note.at),
                    updatedByAgencyReference: center, notesActionComments: note.text)
            }
        personComponent =
            withCaller && (incident.callerName != nil || incident.callerNumber != nil)
            ? [
                Person(
                    id: "caller-\(incident.id.rawValue)", lastUpdateTimeStamp: updated,
                    updatedByAgencyReference: center,
                    personIncidentRoleRegistryText: ["Caller"], personName: incident.callerName,
                    personPhone: incident.callerNumber?.rawValue)
            ] : nil
    }

    /// IANA's `urn:emergency:service:responder` types, as EIDO's `agencyType` takes them.
    static func responderType(_ kind: AgencyKind?) -> String {
        switch kind {
        case .damkar: "fire"
        case .polisi: "police"
        case .ambulans, .rsud, .pmi: "ems"
        default: "other"
        }
    }
}
