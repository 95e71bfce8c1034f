public import Foundation

/// The smallest PIDF-LO (RFC 4119, RFC 5491) an EIDO location needs: a point (`gml:Point`, WGS 84, latitude then
/// longitude) and the address as a civic address's free text; and reading a point back.
public enum PIDFLO {
    public static func document(_ location: Location) -> String {
        var info = ""
        if let point = location.coordinate {
            info +=
                #"<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>"#
                + String(format: "%.6f %.6f", point.latitude, point.longitude) + "</gml:pos></gml:Point>"
        }
        var civic = "<ca:country>ID</ca:country>"
        if let kecamatan = location.kecamatanCode {
            civic += "<ca:A3>\(CAPDocument.escape(kecamatan.rawValue))</ca:A3>"
        }
        if let address = location.address { civic += "<ca:LOC>\(CAPDocument.escape(address))</ca:LOC>" }
        info += "<ca:civicAddress>\(civic)</ca:civicAddress>"
        return #"<?xml version="1.0" encoding="UTF-8"?><presence xmlns="urn:ietf:params:xml:ns:pidf" "#
            + #"xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" "#
            + #"xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" entity="pres:incident@siaga112">"#
            + "<tuple id=\"location\"><status><gp:geopriv><gp:location-info>\(info)</gp:location-info>"
            + "<gp:usage-rules/></gp:geopriv></status></tuple></presence>"
    }

    /// The first `gml:pos` of `document` ("lat lon"); nil when there is none; throws when there is one that is
    /// not a point on the earth.
    public static func point(in document: String) throws(ValidationError) -> Coordinate? {
        guard let start = document.range(of: "<gml:pos>"),
            let end = document.range(of: "</gml:pos>", range: start.upperBound..<document.endIndex)
        else { return nil }
        let numbers = document[start.upperBound..<end.lowerBound].split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 2, let point = Coordinate(latitude: numbers[0], longitude: numbers[1]) else {
            throw ValidationError([FieldError("locationComponent[0].locationByValue", .invalidFormat)])
        }
        return point
    }

    /// The free-text address (`ca:LOC`) of `document`, unescaped.
    public static func address(in document: String) -> String? {
        guard let start = document.range(of: "<ca:LOC>"),
            let end = document.range(of: "</ca:LOC>", range: start.upperBound..<document.endIndex)
        else { return nil }
        return String(document[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
