public import Foundation

/// A warning a region issues to the public and to other systems, as a CAP 1.2 alert (OASIS Common Alerting
/// Protocol): a flood, a landslide, an evacuation, for some of its kecamatan. ``CAPDocument`` writes it.
public struct CAPAlert: Hashable, Codable, Sendable {
    public enum MessageType: String, Codable, Sendable, CaseIterable {
        case alert = "Alert"
        case update = "Update"
        case cancel = "Cancel"
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case actual = "Actual"
        case exercise = "Exercise"
    }

    /// Unique per sender: `<region without dots>-<yyyyMMddHHmmss>-<sequence>`.
    public var identifier: String
    /// The deployment's sender id (`bpbd.3515@siaga112.go.id` style, set per deployment).
    public var sender: String
    public var sent: Date
    public var status: Status
    public var messageType: MessageType
    /// For an update or a cancel: the alert it replaces, as CAP's `sender,identifier,sent`.
    public var references: [CAPReference]
    public var info: [CAPInfo]
    /// The region's time zone offset in hours (7, 8, 9): CAP times carry the local offset.
    public var utcOffsetHours: Int

    public init(
        identifier: String, sender: String, sent: Date, status: Status, messageType: MessageType,
        references: [CAPReference], info: [CAPInfo], utcOffsetHours: Int
    ) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.status = status
        self.messageType = messageType
        self.references = references
        self.info = info
        self.utcOffsetHours = utcOffsetHours
    }
}

public struct CAPReference: Hashable, Codable, Sendable {
    public var sender: String
    public var identifier: String
    public var sent: Date

    public init(sender: String, identifier: String, sent: Date) {
        self.sender = sender
        self.identifier = identifier
        self.sent = sent
    }
}

/// The warnings a region issues, each with its CAP category and the words of its event.
public enum CAPEvent: String, Codable, Sendable, CaseIterable, ClosedValueSet {
    case flood = "banjir"
    case landslide = "tanah-longsor"
    case evacuation = "evakuasi"
    case extremeWeather = "cuaca-ekstrem"
    case tsunami
    case volcano = "gunung-api"
    case fire = "kebakaran-hutan"

    /// CAP's category.
    public var category: String {
        switch self {
        case .flood, .extremeWeather: "Met"
        case .landslide, .tsunami, .volcano: "Geo"
        case .evacuation: "Safety"
        case .fire: "Fire"
        }
    }

    public var name: LocalizedText {
        switch self {
        case .flood: LocalizedText(id: "Banjir", en: "Flood")
        case .landslide: LocalizedText(id: "Tanah longsor", en: "Landslide")
        case .evacuation: LocalizedText(id: "Evakuasi", en: "Evacuation")
        case .extremeWeather: LocalizedText(id: "Cuaca ekstrem", en: "Extreme weather")
        case .tsunami: LocalizedText(id: "Tsunami", en: "Tsunami")
        case .volcano: LocalizedText(id: "Erupsi gunung api", en: "Volcanic eruption")
        case .fire: LocalizedText(id: "Kebakaran hutan dan lahan", en: "Forest and land fire")
        }
    }
}

/// One language's part of an alert.
public struct CAPInfo: Hashable, Codable, Sendable {
    public enum Urgency: String, Codable, Sendable, CaseIterable, ClosedValueSet {
        case immediate = "Immediate"
        case expected = "Expected"
        case future = "Future"
    }

    public enum Severity: String, Codable, Sendable, CaseIterable, ClosedValueSet {
        case extreme = "Extreme"
        case severe = "Severe"
        case moderate = "Moderate"
        case minor = "Minor"
    }

    public enum Certainty: String, Codable, Sendable, CaseIterable, ClosedValueSet {
        case observed = "Observed"
        case likely = "Likely"
        case possible = "Possible"
    }

    /// `id-ID` or `en-US`.
    public var language: String
    public var event: CAPEvent
    public var eventName: String
    /// `Evacuate`, `Prepare`, `Monitor`, `AllClear` …: what people should do, in CAP's words.
    public var responseType: String
    public var urgency: Urgency
    public var severity: Severity
    public var certainty: Certainty
    public var effective: Date
    public var expires: Date
    public var senderName: String
    public var headline: String
    public var description: String
    public var instruction: String?
    public var areas: [CAPArea]

    public init(
        language: String, event: CAPEvent, eventName: String, responseType: String, urgency: Urgency,
        severity: Severity, certainty: Certainty, effective: Date, expires: Date, senderName: String,
        headline: String, description: String, instruction: String?, areas: [CAPArea]
    ) {
        self.language = language
        self.event = event
        self.eventName = eventName
        self.responseType = responseType
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.effective = effective
        self.expires = expires
        self.senderName = senderName
        self.headline = headline
        self.description = description
        self.instruction = instruction
        self.areas = areas
    }
}

/// A kecamatan (or desa) the alert covers: its name, its Kemendagri code, and its boundary as CAP polygons.
public struct CAPArea: Hashable, Codable, Sendable {
    public var description: String
    public var code: RegionCode
    /// Each polygon's outer ring, closed (the first point again at the end), at least four points.
    public var polygons: [[Coordinate]]

    public init(description: String, code: RegionCode, polygons: [[Coordinate]]) {
        self.description = description
        self.code = code
        self.polygons = polygons
    }
}
