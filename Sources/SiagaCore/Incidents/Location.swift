/// A point on the earth in WGS 84 degrees.
public struct Coordinate: Hashable, Codable, Sendable {
    public var latitude: Double
    public var longitude: Double

    /// Returns `nil` unless latitude is in -90…90 and longitude in -180…180 (and both are finite).
    public init?(latitude: Double, longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Where a location came from, which tells the call taker how far to trust it.
public enum LocationSource: String, Codable, Sendable, CaseIterable {
    /// Advanced Mobile Location: the handset's own fix, sent by SMS or HTTPS.
    case aml
    /// A GPS fix from an app or a field device.
    case gps
    /// What the caller said (an address, a landmark).
    case caller
    /// A pin the call taker placed on the map.
    case `operator`
}

/// Where an incident is. At least one of coordinate, address or kecamatan is known.
public struct Location: Hashable, Codable, Sendable {
    public static let maxAddressLength = 500

    public var coordinate: Coordinate?
    public var address: String?
    public var kecamatanCode: RegionCode?
    public var desaCode: RegionCode?
    public var source: LocationSource
    /// Radius of uncertainty, in metres, where the source reports one.
    public var accuracyMeters: Double?

    public init(
        coordinate: Coordinate? = nil,
        address: String? = nil,
        kecamatanCode: RegionCode? = nil,
        desaCode: RegionCode? = nil,
        source: LocationSource,
        accuracyMeters: Double? = nil
    ) {
        self.coordinate = coordinate
        self.address = address
        self.kecamatanCode = kecamatanCode
        self.desaCode = desaCode
        self.source = source
        self.accuracyMeters = accuracyMeters
    }

    /// Field errors for a location that says nothing or contradicts itself.
    public func problems(field: String = "location") -> [FieldError] {
        var errors: [FieldError] = []
        if coordinate == nil, (address ?? "").trimmingWhitespace.isEmpty, kecamatanCode == nil, desaCode == nil {
            errors.append(FieldError(field, .required))
        }
        if let address, address.count > Self.maxAddressLength {
            errors.append(FieldError("\(field).address", .tooLong(max: Self.maxAddressLength)))
        }
        if let kecamatanCode, kecamatanCode.level != .kecamatan {
            errors.append(FieldError("\(field).kecamatanCode", .invalidFormat))
        }
        if let desaCode, desaCode.level != .desa || !(kecamatanCode?.contains(desaCode) ?? true) {
            errors.append(FieldError("\(field).desaCode", .invalidFormat))
        }
        if let accuracyMeters, !(accuracyMeters.isFinite && accuracyMeters >= 0) {
            errors.append(FieldError("\(field).accuracyMeters", .outOfRange))
        }
        return errors
    }

    /// Field errors for a kecamatan or desa that lies outside `region`: an incident's codes name its own region.
    /// (A point outside the region is not refused: the call taker may have to transfer the call.)
    public func problems(outside region: RegionCode, field: String = "location") -> [FieldError] {
        [("kecamatanCode", kecamatanCode), ("desaCode", desaCode)].compactMap { name, code in
            code.flatMap { region.contains($0) ? nil : FieldError("\(field).\(name)", .notAllowedHere) }
        }
    }
}
