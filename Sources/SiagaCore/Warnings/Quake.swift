public import Foundation

/// An earthquake as BMKG reported it, once every field was checked (``QuakeFeed``).
public struct Quake: Hashable, Codable, Sendable {
    /// BMKG's event id: the origin time in WIB as `yyyyMMddHHmmss` (`20261207143521`) in its feeds.
    public var eventID: String
    public var origin: Date
    public var epicenter: Coordinate
    public var magnitude: Double
    public var depthKm: Double
    /// Where the epicentre is, in BMKG's words ("Pusat gempa berada di darat 8 km barat daya Kab. Blitar").
    public var area: String
    /// Where it was felt and how strongly, as far as BMKG's list could be read.
    public var felt: [FeltReport]
    /// BMKG's list as it came ("III - IV Blitar, III Malang"), kept whole for the timeline.
    public var feltText: String?
    /// BMKG's tsunami assessment ("Tidak berpotensi tsunami").
    public var potential: String?
    /// The feed it was read from (`autogempa.json`, `last30event.xml` …).
    public var source: String

    private enum CodingKeys: String, CodingKey {
        case eventID = "eventId"
        case origin, epicenter, magnitude, depthKm, area, felt, feltText, potential, source
    }

    public init(
        eventID: String, origin: Date, epicenter: Coordinate, magnitude: Double, depthKm: Double, area: String,
        felt: [FeltReport], feltText: String?, potential: String?, source: String
    ) {
        self.eventID = eventID
        self.origin = origin
        self.epicenter = epicenter
        self.magnitude = magnitude
        self.depthKm = depthKm
        self.area = area
        self.felt = felt
        self.feltText = feltText
        self.potential = potential
        self.source = source
    }
}

/// One place of BMKG's "felt" list: a place name and its intensity on the Modified Mercalli scale.
public struct FeltReport: Hashable, Codable, Sendable {
    /// The highest intensity given for the place, 1 (I) to 12 (XII): "II - III" is 3.
    public var mmi: Int
    /// The intensity as written ("II - III").
    public var scale: String
    /// The place as written: a regency or city, usually without "Kabupaten" ("Blitar", "Kota Blitar").
    public var place: String

    public init(mmi: Int, scale: String, place: String) {
        self.mmi = mmi
        self.scale = scale
        self.place = place
    }
}

/// Why an entry of a feed was not taken in. Nothing of a refused entry is used.
public struct QuakeRefusal: Hashable, Codable, Sendable {
    public enum Reason: String, Codable, Sendable {
        /// A field every quake needs is absent or empty (`field` names it).
        case missingField
        /// The origin time cannot be read, or has no time zone.
        case unreadableTime
        /// The coordinates cannot be read or are outside the earth.
        case unreadableCoordinates
        /// The coordinate pair and the hemisphere-marked latitude and longitude name different places.
        case coordinatesDisagree
        /// The magnitude is not a number between 0 and 10.
        case magnitudeOutOfRange
        /// The depth is not a number of kilometres between 0 and 800.
        case depthOutOfRange
        /// The event id is not letters, digits, `.`, `_` or `-` (at most 64).
        case unreadableEventID
        /// The origin time lies in the future, past the allowed clock difference.
        case originInFuture
    }

    /// The entry's position in the feed, from 0.
    public var entry: Int
    public var eventID: String?
    public var reason: Reason
    /// The field concerned and the value found, cut to 200 characters.
    public var field: String
    public var value: String?

    public init(entry: Int, eventID: String?, reason: Reason, field: String, value: String?) {
        self.entry = entry
        self.eventID = eventID
        self.reason = reason
        self.field = field
        self.value = value.map { String($0.prefix(200)) }
    }
}
