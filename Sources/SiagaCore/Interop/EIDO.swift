public import Foundation

/// An incident as an Emergency Incident Data Object (NENA-STA-021, EIDO JSON 1.0): the subset Siaga112 writes and
/// reads. Every component carries the prologue (`$id`, `lastUpdateTimeStamp`, `updatedByAgencyReference`); the
/// document carries `eidoVersion`, `issuingElementIdentification` and at least one `agencyComponent`.
public struct EIDODocument: Codable, Hashable, Sendable {
    public struct Reference: Codable, Hashable, Sendable {
        public var ref: String
        public init(_ ref: String) { self.ref = ref }
        private enum CodingKeys: String, CodingKey { case ref = "$ref" }
    }

    public struct Agency: Codable, Hashable, Sendable {
        public var id: String
        public var lastUpdateTimeStamp: String
        public var updatedByAgencyReference: Reference
        public var agencyRoleDescriptionRegistryText: [String]
        public var agencyType: [String]
        /// Not EIDO's: the agency's name, under the extension Siaga112 declares in `eidoExtensionId`.
        public var agencyName: String?

        private enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, agencyRoleDescriptionRegistryText, agencyType
            case agencyName
        }
    }

    public struct Incident: Codable, Hashable, Sendable {
        public var id: String
        public var lastUpdateTimeStamp: String
        public var updatedByAgencyReference: Reference
        public var incidentTypeCommonRegistryText: String
        public var incidentTypeInternalCode: String?
        public var incidentTypeInternalText: String?
        public var incidentStatusCommonRegistryText: [String]?
        public var internalIncidentId: String?
        public var locationReference: [Reference]?

        private enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, incidentTypeCommonRegistryText
            case incidentTypeInternalCode, incidentTypeInternalText, incidentStatusCommonRegistryText
            case internalIncidentId, locationReference
        }
    }

    public struct LocationComponent: Codable, Hashable, Sendable {
        public var id: String
        public var lastUpdateTimeStamp: String
        public var updatedByAgencyReference: Reference
        public var locationTypeDescriptionRegistryText: String
        /// A PIDF-LO document: a `gml:Point` and/or a civic address.
        public var locationByValue: String?

        private enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, locationTypeDescriptionRegistryText, locationByValue
        }
    }

    public struct Notes: Codable, Hashable, Sendable {
        public var id: String
        public var lastUpdateTimeStamp: String
        public var updatedByAgencyReference: Reference
        public var notesActionComments: String

        private enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, notesActionComments
        }
    }

    public struct Person: Codable, Hashable, Sendable {
        public var id: String
        public var lastUpdateTimeStamp: String
        public var updatedByAgencyReference: Reference
        public var personIncidentRoleRegistryText: [String]
        /// Not EIDO's: the caller's name and number, under Siaga112's extension.
        public var personName: String?
        public var personPhone: String?

        private enum CodingKeys: String, CodingKey {
            case id = "$id"
            case lastUpdateTimeStamp, updatedByAgencyReference, personIncidentRoleRegistryText, personName, personPhone
        }
    }

    public var id: String
    public var lastUpdateTimeStamp: String
    public var updatedByAgencyReference: Reference
    public var eidoVersion: String
    public var eidoExtensionId: [String]?
    public var issuingElementIdentification: String
    public var agencyComponent: [Agency]
    public var incidentComponent: Incident?
    public var locationComponent: [LocationComponent]?
    public var notesComponent: [Notes]?
    public var personComponent: [Person]?

    private enum CodingKeys: String, CodingKey {
        case id = "$id"
        case lastUpdateTimeStamp, updatedByAgencyReference, eidoVersion, eidoExtensionId, issuingElementIdentification
        case agencyComponent, incidentComponent, locationComponent, notesComponent, personComponent
    }

    /// The one version this reads and writes.
    public static let version = "1.0"
    /// Siaga112's extension: agency names, and the caller's name and number on the person.
    public static let extensionID = "urn:siaga112:eido:1"
}
