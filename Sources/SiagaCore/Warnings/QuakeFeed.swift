public import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads BMKG's earthquake feeds, which are not valid CAP: times end in `WIB`, required CAP elements are missing,
/// BMKG adds its own (`magnitude`, `depth`, `felt`), and coordinates come lon,lat in one feed and lat,lon in
/// another. The reader is lenient about the shape and strict about each value: an entry it cannot trust is
/// refused with its reason, and the others are still read.
///
/// | feed | shape |
/// |---|---|
/// | `autogempa.json`, `gempaterkini.json`, `gempadirasakan.json` (data.bmkg.go.id) | `{"Infogempa": {"gempa": {…} or [{…}]}}`, `DateTime` ISO 8601, `Coordinates` "lat,lon" |
/// | `datagempa.json` (InaTEWS) | `{"info": {…}}`, `date` + `time` "… WIB", `point.coordinates` "lon,lat" |
/// | `last30event.xml`, `last30feltevent.xml` (InaTEWS) | CAP-like `<alert>` with one `<info>` per quake, fields as in `datagempa.json` |
public enum QuakeFeed {
    /// What one read of a feed gave: the quakes that passed every check, and why the others did not.
    public struct Reading: Sendable {
        public var quakes: [Quake]
        public var refusals: [QuakeRefusal]
    }

    /// The document as a whole could not be read: nothing in it is used.
    public struct Unreadable: Error, Hashable, Sendable {
        public var reason: String
    }

    /// The largest document read: BMKG's biggest feed is a few tens of kilobytes.
    public static let maxBytes = 2 << 20
    /// The most entries read from one document.
    public static let maxEntries = 500

    /// Reads `data` from the feed named `source`; `now` bounds origin times (a quake in the future is refused).
    public static func read(_ data: Data, source: String, now: Date) throws(Unreadable) -> Reading {
        guard data.count <= maxBytes else { throw Unreadable(reason: "larger than \(maxBytes) bytes") }
        let entries: [QuakeEntry]
        switch data.first(where: { !" \t\r\n\u{FEFF}".utf8.contains($0) }) {
        case UInt8(ascii: "{"): entries = try jsonEntries(data)
        case UInt8(ascii: "<"): entries = try QuakeXML.entries(data)
        default: throw Unreadable(reason: "neither JSON nor XML")
        }
        guard entries.count <= maxEntries else { throw Unreadable(reason: "more than \(maxEntries) entries") }
        var reading = Reading(quakes: [], refusals: [])
        for (index, entry) in entries.enumerated() {
            do {
                reading.quakes.append(try QuakeFields.quake(entry, source: source, now: now))
            } catch {
                reading.refusals.append(
                    QuakeRefusal(
                        entry: index, eventID: entry.eventID, reason: error.reason, field: error.field,
                        value: error.value))
            }
        }
        return reading
    }

    private static func jsonEntries(_ data: Data) throws(Unreadable) -> [QuakeEntry] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Unreadable(reason: "not a JSON object")
        }
        if let info = root["Infogempa"] as? [String: Any] {
            let gempa = info["gempa"]
            let list = (gempa as? [[String: Any]]) ?? (gempa as? [String: Any]).map { [$0] }
            guard let list else { throw Unreadable(reason: "Infogempa without gempa") }
            return list.map(portalEntry)
        }
        if let info = root["info"] as? [String: Any] {
            return [inatewsEntry(info.compactMapValues(text))]
        }
        throw Unreadable(reason: "neither Infogempa nor info")
    }

    /// An entry of the data portal's JSON (`Tanggal`, `Jam`, `DateTime`, `Coordinates` …).
    private static func portalEntry(_ object: [String: Any]) -> QuakeEntry {
        let field = { (name: String) in object[name].flatMap(text) }
        return QuakeEntry(
            eventID: nil, instant: field("DateTime"), date: field("Tanggal"), time: field("Jam"),
            pair: field("Coordinates"), pairOrder: .latitudeFirst, latitude: field("Lintang"),
            longitude: field("Bujur"), magnitude: field("Magnitude"), depth: field("Kedalaman"), area: field("Wilayah"),
            potential: field("Potensi"), felt: field("Dirasakan"), shakemap: field("Shakemap"))
    }

    /// An entry of InaTEWS (`datagempa.json`'s `info`, or an `<info>` of its XML), its fields by lowercase name;
    /// `coordinates` is the point's.
    static func inatewsEntry(_ fields: [String: String]) -> QuakeEntry {
        QuakeEntry(
            eventID: fields["eventid"], instant: nil, date: fields["date"], time: fields["time"],
            pair: fields["coordinates"] ?? fields["point"], pairOrder: .longitudeFirst, latitude: fields["latitude"],
            longitude: fields["longitude"], magnitude: fields["magnitude"], depth: fields["depth"],
            area: fields["area"],
            potential: fields["potential"], felt: fields["felt"], shakemap: fields["shakemap"])
    }

    /// A JSON value as text: strings as they are, numbers written out, a point object as its coordinates.
    private static func text(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        case let object as [String: Any]: object["coordinates"] as? String
        default: nil
        }
    }
}

/// InaTEWS's XML: an `<alert>` (in the CAP 1.2 namespace or none) whose `<info>` elements each hold one quake.
enum QuakeXML {
    static func entries(_ data: Data) throws(QuakeFeed.Unreadable) -> [QuakeEntry] {
        // BMKG's feeds have no document type; one that declares entities is refused before it is parsed.
        let head = String(decoding: data.prefix(4096), as: UTF8.self).uppercased()
        guard !head.contains("<!DOCTYPE"), !head.contains("<!ENTITY") else {
            throw QuakeFeed.Unreadable(reason: "document type declarations are not accepted")
        }
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), parser.parserError == nil else {
            throw QuakeFeed.Unreadable(reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        guard reader.root == "alert" else { throw QuakeFeed.Unreadable(reason: "root element is not alert") }
        return reader.infos.map(QuakeFeed.inatewsEntry)
    }

    /// Collects the text of each leaf element of each `<info>`, by lowercase local name.
    private final class Reader: NSObject, XMLParserDelegate {
        var root: String?
        var infos: [[String: String]] = []
        private var current: [String: String]?
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = elementName.lowercased() }
            if elementName.lowercased() == "info" { current = [:] }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            let name = elementName.lowercased()
            if name == "info", let info = current {
                infos.append(info)
                current = nil
            } else if current != nil, current?[name] == nil {
                current?[name] = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            text = ""
        }
    }
}
