public import Foundation

/// An Advanced Mobile Location message (ETSI TS 103 625, as sent by Android and iOS handsets by SMS when they
/// call an emergency number): the handset's own position, its uncertainty and how it was found.
///
/// `A"ML=1;lt=-7.35439;lg=+112.76646;rd=12;top=20261123030005;lc=68;pm=G;si=510101234567890;ei=356938035643809;mcc=510;mnc=10;ml=125`
public struct AMLMessage: Hashable, Sendable {
    /// How the handset found its position.
    public enum Method: String, Hashable, Sendable {
        /// GNSS (GPS, Galileo…).
        case gnss = "G"
        case wifi = "W"
        case cell = "C"
        /// No position could be found.
        case none = "N"
    }

    public var version: Int
    /// Absent when ``method`` is ``Method/none``.
    public var coordinate: Coordinate?
    /// Radius of uncertainty in metres.
    public var radiusMeters: Double?
    /// When the handset fixed the position (UTC).
    public var positionedAt: Date?
    /// Level of confidence that the caller is within the radius, in percent.
    public var confidencePercent: Int?
    public var method: Method
    public var imsi: String?
    public var imei: String?
    public var mcc: String?
    public var mnc: String?

    /// The location to attach to a call: coordinate, accuracy and source `aml`; `nil` without a position.
    public var location: Location? {
        coordinate.map { Location(coordinate: $0, source: .aml, accuracyMeters: radiusMeters) }
    }
}

/// Why an AML message was rejected. Every rejection is recorded, never a crash.
public enum AMLRejection: Error, Hashable, Sendable {
    case notAML
    case malformedField(String)
    case missingField(String)
    case outOfRange(String)
    /// The `ml` field does not match the message's length: the SMS was cut or joined.
    case lengthMismatch(declared: Int, actual: Int)
    /// The position is older than the accepted age.
    case stale(ageSeconds: Int)
    /// The position's time is in the future beyond clock skew.
    case future(aheadSeconds: Int)
}

extension AMLMessage {
    /// Positions older than this are rejected as stale: the caller may have moved.
    public static let maximumAge: TimeInterval = 3600
    /// Handset clocks run ahead by a few minutes; more than this is rejected.
    public static let allowedClockSkew: TimeInterval = 300

    /// Parses and checks an AML SMS received at `now`.
    public static func parse(_ text: String, now: Date) throws(AMLRejection) -> AMLMessage {
        let message = text.trimmingWhitespace
        guard message.hasPrefix("A\"ML=") else { throw .notAML }
        var parts = message.dropFirst(5).split(separator: ";", omittingEmptySubsequences: true).map(String.init)
        guard let versionText = parts.first, let version = Int(versionText), version >= 1 else {
            throw .malformedField("A\"ML")
        }
        parts.removeFirst()
        var fields: [String: String] = [:]
        for part in parts {
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else { throw .malformedField(part) }
            fields[part[..<equals].lowercased()] = String(part[part.index(after: equals)...])
        }
        if let declared = fields["ml"] {
            guard let length = Int(declared) else { throw .malformedField("ml") }
            guard length == message.count else { throw .lengthMismatch(declared: length, actual: message.count) }
        }
        return try build(version: version, fields, now: now)
    }

    static func build(version: Int, _ fields: [String: String], now: Date) throws(AMLRejection) -> AMLMessage {
        guard let methodText = fields["pm"] else { throw .missingField("pm") }
        guard let method = Method(rawValue: methodText.uppercased()) else { throw .malformedField("pm") }
        var message = AMLMessage(
            version: version, coordinate: nil, radiusMeters: nil, positionedAt: nil, confidencePercent: nil,
            method: method,
            imsi: fields["si"], imei: fields["ei"], mcc: fields["mcc"], mnc: fields["mnc"])
        if let confidence = fields["lc"] {
            guard let percent = Int(confidence) else { throw .malformedField("lc") }
            guard (0...100).contains(percent) else { throw .outOfRange("lc") }
            message.confidencePercent = percent
        }
        guard method != .none else { return message }
        message.coordinate = try coordinate(fields)
        guard let radiusText = fields["rd"] else { throw .missingField("rd") }
        guard let radius = Double(radiusText) else { throw .malformedField("rd") }
        guard radius.isFinite, radius >= 0, radius <= 100_000 else { throw .outOfRange("rd") }
        message.radiusMeters = radius
        guard let timeText = fields["top"] else { throw .missingField("top") }
        let time = try positioningTime(timeText)
        let age = now.timeIntervalSince(time)
        if age > maximumAge { throw .stale(ageSeconds: Int(age)) }
        if -age > allowedClockSkew { throw .future(aheadSeconds: Int(-age)) }
        message.positionedAt = time
        return message
    }

    private static func coordinate(_ fields: [String: String]) throws(AMLRejection) -> Coordinate {
        guard let latText = fields["lt"] else { throw .missingField("lt") }
        guard let lngText = fields["lg"] else { throw .missingField("lg") }
        guard let latitude = Double(latText), latText.allSatisfy({ $0.isNumber || "+-.".contains($0) }) else {
            throw .malformedField("lt")
        }
        guard let longitude = Double(lngText), lngText.allSatisfy({ $0.isNumber || "+-.".contains($0) }) else {
            throw .malformedField("lg")
        }
        guard (-90...90).contains(latitude) else { throw .outOfRange("lt") }
        guard let coordinate = Coordinate(latitude: latitude, longitude: longitude) else { throw .outOfRange("lg") }
        return coordinate
    }

    /// `YYYYMMDDhhmmss`, UTC.
    private static func positioningTime(_ text: String) throws(AMLRejection) -> Date {
        guard text.count == 14, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .malformedField("top") }
        let digits = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        var parts = DateComponents()
        (parts.year, parts.month, parts.day) = (number(0..<4), number(4..<6), number(6..<8))
        (parts.hour, parts.minute, parts.second) = (number(8..<10), number(10..<12), number(12..<14))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard parts.isValidDate(in: calendar), let date = calendar.date(from: parts) else { throw .outOfRange("top") }
        return date
    }
}
