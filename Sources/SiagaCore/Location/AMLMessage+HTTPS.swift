public import Foundation

extension AMLMessage {
    /// Parses the HTTPS variant of AML: the handset (or the operator's relay) POSTs the same facts
    /// form-encoded, `v=3&device_number=…&location_latitude=…&location_longitude=…&location_time=<ms>&
    /// location_accuracy=…&location_source=gps|wifi|cell|unknown&location_confidence=…`. It is checked by the
    /// same rules as the SMS; returns the message and the handset's number.
    public static func parseHTTPS(_ body: String, now: Date) throws(AMLRejection) -> (AMLMessage, sender: String) {
        var form: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw .malformedField(String(pair.prefix(40)))
            }
            form[key.lowercased()] = value.trimmingWhitespace
        }
        guard form["v"] != nil || form["device_number"] != nil else { throw .notAML }
        guard let sender = form["device_number"], !sender.isEmpty else { throw .missingField("device_number") }
        let version = Int(form["v"] ?? "") ?? 0
        guard version >= 1 else { throw .malformedField("v") }
        return (try build(version: version, smsFields(form), now: now), sender)
    }

    /// The handset's number in an HTTPS AML form, when it has one (to record even a message that is rejected).
    public static func httpsSender(_ body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, decode(parts[0])?.lowercased() == "device_number" { return decode(parts[1]) }
        }
        return nil
    }

    /// The HTTPS form's fields under the SMS format's names, so one set of checks serves both.
    private static func smsFields(_ form: [String: String]) throws(AMLRejection) -> [String: String] {
        var fields: [String: String] = [:]
        let names = [
            ("location_latitude", "lt"), ("location_longitude", "lg"), ("location_accuracy", "rd"),
            ("device_imsi", "si"), ("device_imei", "ei"), ("cell_home_mcc", "mcc"), ("cell_home_mnc", "mnc"),
        ]
        for (https, sms) in names { fields[sms] = form[https] }
        if let confidence = form["location_confidence"] {
            guard let value = Double(confidence), value.isFinite else { throw .malformedField("location_confidence") }
            fields["lc"] = String(Int(value.rounded()))
        }
        let hasPosition = form["location_latitude"] != nil || form["location_longitude"] != nil
        switch form["location_source"]?.lowercased() {
        case "gps": fields["pm"] = "G"
        case "wifi": fields["pm"] = "W"
        case "cell": fields["pm"] = "C"
        case "unknown", nil: fields["pm"] = hasPosition ? "C" : "N"
        default: throw .malformedField("location_source")
        }
        if let millis = form["location_time"] {
            guard let value = Int64(millis), value >= 0 else { throw .malformedField("location_time") }
            fields["top"] = positioningText(Date(timeIntervalSince1970: Double(value) / 1000))
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `YYYYMMDDhhmmss` in UTC, as the SMS format writes the positioning time.
    private static func positioningText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02d%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
    }
}
