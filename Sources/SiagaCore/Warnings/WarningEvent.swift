import Foundation

/// Something another system warned a region of, for the board, the leaders' dashboard and the log. One stream per
/// warning and region; encoded as `{"type": "<case>", "data": {…}}` like incident events.
public enum WarningEvent: Hashable, Sendable {
    /// BMKG reported a quake that concerns the region (``QuakeAssessment``): shown at once, and when strong and
    /// near, with the incident opened for a call taker to verify.
    case quakeReported(QuakeWarning)
    /// BMKG warned of weather (a nowcast CAP alert) over part of the region: shown at once; nothing is opened.
    case weatherReported(WeatherWarning)

    public var typeName: String {
        switch self {
        case .quakeReported: "quakeReported"
        case .weatherReported: "weatherReported"
        }
    }
}

/// A quake as one region sees it.
public struct QuakeWarning: Hashable, Codable, Sendable {
    public var quake: Quake
    public var assessment: QuakeAssessment
    /// The incident opened for a call taker to verify, when the assessment asked for one.
    public var incidentID: IncidentID?

    private enum CodingKeys: String, CodingKey {
        case quake, assessment
        case incidentID = "incidentId"
    }

    public init(quake: Quake, assessment: QuakeAssessment, incidentID: IncidentID?) {
        self.quake = quake
        self.assessment = assessment
        self.incidentID = incidentID
    }

    /// The stream of this quake's warning in `region`: one per quake and region, so a quake read again from any
    /// feed is recorded once.
    public static func streamID(eventID: String, region: RegionCode) -> String { "bmkg-\(eventID)-\(region.compact)" }

    /// The incident's description, in the call takers' language.
    public var incidentDescription: String {
        var text = "Gempa M\(String(format: "%.1f", quake.magnitude)) (BMKG \(quake.eventID)): \(quake.area)."
        if let place = assessment.feltPlace, let mmi = assessment.feltIntensity {
            text += " Dirasakan MMI \(mmi) di \(place)."
        }
        text += " Kedalaman \(Int(quake.depthKm)) km."
        if let potential = quake.potential { text += " \(potential)." }
        return text + " Perlu verifikasi dampak sebelum diteruskan."
    }
}

extension WarningEvent: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "quakeReported": self = .quakeReported(try container.decode(QuakeWarning.self, forKey: .data))
        case "weatherReported": self = .weatherReported(try container.decode(WeatherWarning.self, forKey: .data))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown warning event \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .quakeReported(let warning): try container.encode(warning, forKey: .data)
        case .weatherReported(let warning): try container.encode(warning, forKey: .data)
        }
    }
}
