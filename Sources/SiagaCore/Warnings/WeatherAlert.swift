public import Foundation

/// A weather warning BMKG issues as CAP 1.2 (the nowcast: heavy rain, lightning, strong wind for the next hours),
/// read from one CAP file and checked field by field.
public struct WeatherAlert: Hashable, Codable, Sendable {
    public struct Area: Hashable, Codable, Sendable {
        public var description: String
        /// Each polygon's points, first equal to last.
        public var polygons: [[Coordinate]]
    }

    public var identifier: String
    public var sent: Date
    /// `Alert`, `Update` or `Cancel`.
    public var messageType: String
    public var event: String
    public var urgency: String
    public var severity: String
    public var certainty: String
    public var effective: Date?
    public var expires: Date
    public var headline: String?
    public var description: String?
    public var web: String?
    public var areas: [Area]
}

/// A CAP file refused, with the field and the value that made it untrustworthy.
public struct WeatherRefusal: Error, Hashable, Codable, Sendable {
    public enum Reason: String, Codable, Sendable {
        /// Not XML, or not a CAP 1.2 `<alert>`.
        case notCAP
        case missingField
        /// A time that is not ISO 8601 with its offset.
        case unreadableTime
        /// `status` other than `Actual`: an exercise, a test or a draft is not for the board.
        case notActual
        /// A value outside CAP's list (urgency, severity, certainty, msgType).
        case unknownValue
        /// A polygon that is not `lat,lon` pairs, closed, of at least four points.
        case unreadablePolygon
        /// A polygon whose points lie outside Indonesia, or read as lon,lat.
        case polygonOutsideIndonesia
        /// Already expired when read.
        case expired
    }

    public var reason: Reason
    public var field: String
    public var value: String?

    public init(_ reason: Reason, _ field: String, _ value: String? = nil) {
        self.reason = reason
        self.field = field
        self.value = value.map { String($0.prefix(200)) }
    }
}

/// Reads BMKG's nowcast CAP files and the RSS that lists them.
public enum WeatherCAP {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
    public static let maxBytes = 1 << 20
    /// Indonesia with a margin: a point outside is a mistake, often a lon,lat pair.
    static let latitudes = -11.5...6.5
    static let longitudes = 94.0...141.5

    static let urgencies: Set = ["Immediate", "Expected", "Future", "Past", "Unknown"]
    static let severities: Set = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
    static let certainties: Set = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"]
    static let messageTypes: Set = ["Alert", "Update", "Cancel"]

    /// The links to CAP files in BMKG's nowcast RSS, in feed order.
    public static func links(inFeed data: Data) throws(XMLNode.Unreadable) -> [String] {
        let root = try XMLNode.parse(data, maxBytes: maxBytes)
        guard root.name == "rss", let channel = root.child("channel") else {
            throw XMLNode.Unreadable(reason: "root element is not rss with a channel")
        }
        return channel.children("item").compactMap { $0.value("link") }
    }

    /// Reads one CAP file; `now` decides whether it has expired.
    public static func read(_ data: Data, now: Date) throws(WeatherRefusal) -> WeatherAlert {
        let root: XMLNode
        do { root = try XMLNode.parse(data, maxBytes: maxBytes) } catch {
            throw WeatherRefusal(.notCAP, "alert", error.reason)
        }
        guard root.name == "alert", root.namespace == namespace else {
            throw WeatherRefusal(.notCAP, "alert", root.namespace ?? root.name)
        }
        func required(_ node: XMLNode, _ name: String) throws(WeatherRefusal) -> String {
            guard let value = node.value(name) else { throw WeatherRefusal(.missingField, name) }
            return value
        }
        func time(_ node: XMLNode, _ name: String) throws(WeatherRefusal) -> Date? {
            guard let text = node.value(name) else { return nil }
            // CAP times carry their offset ("+07:00"); one without it is ambiguous by hours, and RFC 3339 refuses it.
            guard let date = RFC3339.date(text) else { throw WeatherRefusal(.unreadableTime, name, text) }
            return date
        }
        func oneOf(_ value: String, _ allowed: Set<String>, _ field: String) throws(WeatherRefusal) -> String {
            guard allowed.contains(value) else { throw WeatherRefusal(.unknownValue, field, value) }
            return value
        }
        let identifier = try required(root, "identifier")
        guard let sent = try time(root, "sent") else { throw WeatherRefusal(.missingField, "sent") }
        let status = try required(root, "status")
        guard status == "Actual" else { throw WeatherRefusal(.notActual, "status", status) }
        let messageType = try oneOf(try required(root, "msgType"), messageTypes, "msgType")
        let infos = root.children("info")
        // The Indonesian text first: it is what the call takers read.
        guard
            let info = infos.first(where: { $0.value("language")?.lowercased().hasPrefix("id") == true }) ?? infos.first
        else { throw WeatherRefusal(.missingField, "info") }
        guard let expires = try time(info, "expires") else { throw WeatherRefusal(.missingField, "info.expires") }
        if expires < now { throw WeatherRefusal(.expired, "info.expires", info.value("expires")) }
        let areas = try info.children("area").map { area throws(WeatherRefusal) in
            WeatherAlert.Area(
                description: try required(area, "areaDesc"),
                polygons: try area.children("polygon").map { polygon throws(WeatherRefusal) in
                    try Self.polygon(polygon.text)
                })
        }
        if areas.isEmpty { throw WeatherRefusal(.missingField, "info.area") }
        return WeatherAlert(
            identifier: String(identifier.prefix(200)), sent: sent, messageType: messageType,
            event: try required(info, "event"),
            urgency: try oneOf(try required(info, "urgency"), urgencies, "info.urgency"),
            severity: try oneOf(try required(info, "severity"), severities, "info.severity"),
            certainty: try oneOf(try required(info, "certainty"), certainties, "info.certainty"),
            effective: try time(info, "effective"), expires: expires,
            headline: info.value("headline").map { String($0.prefix(500)) },
            description: info.value("description").map { String($0.prefix(4000)) },
            web: info.value("web").map { String($0.prefix(500)) }, areas: areas)
    }

    /// A CAP polygon: `lat,lon` pairs separated by spaces, the first equal to the last, at least four.
    static func polygon(_ text: String) throws(WeatherRefusal) -> [Coordinate] {
        var points: [Coordinate] = []
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: ",")
            guard parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) else {
                throw WeatherRefusal(.unreadablePolygon, "info.area.polygon", String(pair))
            }
            guard latitudes.contains(latitude), longitudes.contains(longitude),
                let point = Coordinate(latitude: latitude, longitude: longitude)
            else { throw WeatherRefusal(.polygonOutsideIndonesia, "info.area.polygon", String(pair)) }
            points.append(point)
        }
        guard points.count >= 4, points.first == points.last else {
            throw WeatherRefusal(.unreadablePolygon, "info.area.polygon", String(text.prefix(200)))
        }
        return points
    }
}

/// A weather warning as one region sees it: the alert's words and which of its areas cover the region.
public struct WeatherWarning: Hashable, Codable, Sendable {
    public var identifier: String
    public var messageType: String
    public var event: String
    public var urgency: String
    public var severity: String
    public var certainty: String
    public var sent: Date
    public var effective: Date?
    public var expires: Date
    public var headline: String?
    public var description: String?
    public var web: String?
    /// The alert's areas that cover the region.
    public var areas: [String]

    /// The warning for the region whose boundary is `boundary`, when one of the alert's polygons overlaps it.
    public static func matching(_ alert: WeatherAlert, boundary: BoundaryArea) -> WeatherWarning? {
        let areas = alert.areas.filter { area in area.polygons.contains { overlaps($0, boundary) } }
        guard !areas.isEmpty else { return nil }
        return WeatherWarning(
            identifier: alert.identifier, messageType: alert.messageType, event: alert.event, urgency: alert.urgency,
            severity: alert.severity, certainty: alert.certainty, sent: alert.sent, effective: alert.effective,
            expires: alert.expires, headline: alert.headline, description: alert.description, web: alert.web,
            areas: areas.map(\.description))
    }

    /// True when the polygon and the region share ground: a corner of either lies inside the other. BMKG's
    /// polygons span kecamatan, so a sliver crossing without a corner inside is not a case worth the cost.
    static func overlaps(_ points: [Coordinate], _ boundary: BoundaryArea) -> Bool {
        let ring = Ring(points)
        guard ring.box.intersects(boundary.box) else { return false }
        if points.contains(where: boundary.contains) { return true }
        return boundary.polygons.contains { shape in shape.outer.points.contains(where: ring.contains) }
    }

    /// The `source` weather warnings are recorded under.
    public static let source = "bmkg-cap"

    /// The stream of this warning in `region`: one per alert and region.
    public static func streamID(identifier: String, region: RegionCode) -> String {
        "bmkg-cap-\(identifier)-\(region.compact)"
    }
}
