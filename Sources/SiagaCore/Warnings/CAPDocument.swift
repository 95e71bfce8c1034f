public import Foundation

/// Writes a ``CAPAlert`` as CAP 1.2 XML (`urn:oasis:names:tc:emergency:cap:1.2`), in the element order the OASIS
/// schema requires, and a region's alerts as an Atom feed.
public enum CAPDocument {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    /// The alert as a document; `signature` (an XML Signature element, ``canonicalAlert(_:)`` signed) goes last
    /// in the alert, after the last `info`, as CAP 1.2 places it.
    public static func xml(_ alert: CAPAlert, signature: String? = nil) -> String {
        var body = canonicalAlert(alert)
        if let signature {
            precondition(body.hasSuffix("\n</alert>"), "the alert ends with its closing tag")
            body.insert(contentsOf: signature, at: body.index(body.endIndex, offsetBy: -"\n</alert>".count))
        }
        return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + body + "\n"
    }

    /// The `<alert>` element exactly as Exclusive XML Canonicalization writes it (no declaration, the namespace on
    /// the root, text escaped as canonical text), so the bytes written are the bytes a signature's digest covers:
    /// a signature placed right before the closing tag and removed again leaves these bytes unchanged.
    public static func canonicalAlert(_ alert: CAPAlert) -> String {
        var lines = [
            #"<alert xmlns="\#(namespace)">"#,
            element("identifier", alert.identifier, 1),
            element("sender", alert.sender, 1),
            element("sent", time(alert.sent, alert.utcOffsetHours), 1),
            element("status", alert.status.rawValue, 1),
            element("msgType", alert.messageType.rawValue, 1),
            element("scope", "Public", 1),
        ]
        if !alert.references.isEmpty {
            let references = alert.references.map {
                "\($0.sender),\($0.identifier),\(time($0.sent, alert.utcOffsetHours))"
            }
            lines.append(element("references", references.joined(separator: " "), 1))
        }
        for info in alert.info { lines += infoLines(info, utcOffsetHours: alert.utcOffsetHours) }
        lines.append("</alert>")
        return lines.joined(separator: "\n")
    }

    private static func infoLines(_ info: CAPInfo, utcOffsetHours: Int) -> [String] {
        var lines = [
            "  <info>",
            element("language", info.language, 2),
            element("category", info.event.category, 2),
            element("event", info.eventName, 2),
            element("responseType", info.responseType, 2),
            element("urgency", info.urgency.rawValue, 2),
            element("severity", info.severity.rawValue, 2),
            element("certainty", info.certainty.rawValue, 2),
            element("effective", time(info.effective, utcOffsetHours), 2),
            element("expires", time(info.expires, utcOffsetHours), 2),
            element("senderName", info.senderName, 2),
            element("headline", info.headline, 2),
            element("description", info.description, 2),
        ]
        if let instruction = info.instruction { lines.append(element("instruction", instruction, 2)) }
        for area in info.areas {
            lines.append("    <area>")
            lines.append(element("areaDesc", area.description, 3))
            for polygon in area.polygons {
                let points = polygon.map { String(format: "%.5f,%.5f", $0.latitude, $0.longitude) }
                lines.append(element("polygon", points.joined(separator: " "), 3))
            }
            lines.append("      <geocode>")
            lines.append(element("valueName", "KEMENDAGRI", 4))
            lines.append(element("value", area.code.rawValue, 4))
            lines.append("      </geocode>")
            lines.append("    </area>")
        }
        lines.append("  </info>")
        return lines
    }

    /// A region's alerts as an Atom feed, newest first, each entry linking to its CAP document.
    public static func atom(
        title: String, feedID: String, feedPath: String, entries: [(alert: CAPAlert, path: String)], updated: Date,
        utcOffsetHours: Int
    ) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom">"#,
            element("id", feedID, 1),
            element("title", title, 1),
            element("updated", time(updated, utcOffsetHours), 1),
            #"  <link rel="self" href="\#(escape(feedPath))"/>"#,
            "  <author>", element("name", title, 2), "  </author>",
        ]
        for (alert, url) in entries {
            let info = alert.info.first
            lines += [
                "  <entry>",
                element("id", "\(feedID):\(alert.identifier)", 2),
                element("title", "\(alert.messageType.rawValue): \(info?.headline ?? alert.identifier)", 2),
                element("updated", time(alert.sent, utcOffsetHours), 2),
                #"    <link rel="alternate" type="application/cap+xml" href="\#(escape(url))"/>"#,
                element("summary", info?.description ?? "", 2),
                "  </entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2026-12-07T14:35:21+07:00`: CAP forbids `Z` and fractions of a second.
    static func time(_ date: Date, _ offsetHours: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetHours * 3600)!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let sign = offsetHours < 0 ? "-" : "+"
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
            + sign + String(format: "%02d:00", abs(offsetHours))
    }

    private static func element(_ name: String, _ value: String, _ depth: Int) -> String {
        "\(String(repeating: "  ", count: depth))<\(name)>\(canonicalText(value))</\(name)>"
    }

    /// Element content as canonical XML writes it: `&`, `<`, `>` escaped, a carriage return as `&#xD;`, quotes as
    /// they are; control characters XML 1.0 cannot carry left out.
    static func canonicalText(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\r": escaped += "&#xD;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }

    /// Text and attribute values with the five XML specials escaped and control characters (which XML 1.0
    /// cannot carry) left out.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
