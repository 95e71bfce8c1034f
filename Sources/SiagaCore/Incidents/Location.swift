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
public enum LocationSource: String, Codable, Sendable, CaseIterable, ClosedValueSet {
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
    /// The address as given, free text (street and number, or whatever the caller said).
    public var address: String?
    public var kecamatanCode: RegionCode?
    public var desaCode: RegionCode?
    /// The address the way people give it in a village: dusun, RT and RW, a landmark.
    public var detail: AddressDetail?
    public var source: LocationSource
    /// Radius of uncertainty, in metres, where the source reports one.
    public var accuracyMeters: Double?

    public init(
        coordinate: Coordinate? = nil,
        address: String? = nil,
        kecamatanCode: RegionCode? = nil,
        desaCode: RegionCode? = nil,
        detail: AddressDetail? = nil,
        source: LocationSource,
        accuracyMeters: Double? = nil
    ) {
        self.detail = detail
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
        if let detail { errors += detail.problems(field: "\(field).detail") }
        if coordinate == nil, (address ?? "").trimmingWhitespace.isEmpty, kecamatanCode == nil, desaCode == nil,
            detail?.isEmpty ?? true
        {
            errors.append(FieldError(field, .required))
        }
        if let address, address.storedLength > Self.maxAddressLength {
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

/// An address as people give it outside the city grid: "Dusun Krajan RT 03 RW 05, depan Masjid Al-Ikhlas".
public struct AddressDetail: Hashable, Codable, Sendable {
    public static let maxLength = 120

    public var dusun: String?
    /// Rukun Tetangga, digits as said ("3" or "003").
    public var rt: String?
    /// Rukun Warga, digits as said.
    public var rw: String?
    public var street: String?
    /// What the caller sees: a mosque, a market, a school, a toll gate.
    public var landmark: String?

    public init(
        dusun: String? = nil, rt: String? = nil, rw: String? = nil, street: String? = nil, landmark: String? = nil
    ) {
        self.dusun = dusun
        self.rt = rt
        self.rw = rw
        self.street = street
        self.landmark = landmark
    }

    public var isEmpty: Bool { [dusun, rt, rw, street, landmark].allSatisfy { ($0 ?? "").isEmpty } }

    /// The parts in the order people say them, for search and for a one-line display.
    public var spoken: String {
        [
            dusun.map { "Dusun \($0)" }, rt.map { "RT \($0)" }, rw.map { "RW \($0)" }, street,
            landmark.map { "dekat \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
    }

    public func problems(field: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (name, value) in [("dusun", dusun), ("street", street), ("landmark", landmark)] {
            if let value, value.storedLength > Self.maxLength {
                errors.append(FieldError("\(field).\(name)", .tooLong(max: Self.maxLength)))
            }
        }
        for (name, value) in [("rt", rt), ("rw", rw)] {
            if let value, !(1...3).contains(value.count) || !value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                errors.append(FieldError("\(field).\(name)", .invalidFormat))
            }
        }
        return errors
    }
}
