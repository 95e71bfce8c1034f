import SiagaCore

/// A location on the wire: flat latitude/longitude, codes as dotted Kemendagri strings.
struct LocationDTO: Codable, Sendable, Equatable {
    var latitude: Double?
    var longitude: Double?
    var address: String?
    var kecamatanCode: String?
    var desaCode: String?
    /// Dusun, RT/RW, street and landmark, as people give an address.
    var detail: AddressDetail?
    var source: LocationSource
    var accuracyMeters: Double?

    init(_ location: Location) {
        detail = location.detail
        latitude = location.coordinate?.latitude
        longitude = location.coordinate?.longitude
        address = location.address
        kecamatanCode = location.kecamatanCode?.rawValue
        desaCode = location.desaCode?.rawValue
        source = location.source
        accuracyMeters = location.accuracyMeters
    }

    /// The domain location, or the field errors that prevent it.
    func validated(field: String) throws(ValidationError) -> Location {
        var errors: [FieldError] = []
        var coordinate: Coordinate?
        switch (latitude, longitude) {
        case (nil, nil): break
        case (let lat?, let lng?):
            coordinate = Coordinate(latitude: lat, longitude: lng)
            if coordinate == nil { errors.append(FieldError("\(field).latitude", .outOfRange)) }
        case (nil, _): errors.append(FieldError("\(field).latitude", .required))
        case (_, nil): errors.append(FieldError("\(field).longitude", .required))
        }
        let kecamatan = kecamatanCode.map { RegionCode($0) }
        if kecamatan == .some(nil) { errors.append(FieldError("\(field).kecamatanCode", .invalidFormat)) }
        let desa = desaCode.map { RegionCode($0) }
        if desa == .some(nil) { errors.append(FieldError("\(field).desaCode", .invalidFormat)) }
        let location = Location(
            coordinate: coordinate, address: address?.trimmingWhitespace.nilIfEmpty, kecamatanCode: kecamatan ?? nil,
            desaCode: desa ?? nil, detail: detail.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 }, source: source,
            accuracyMeters: accuracyMeters)
        errors += errors.isEmpty ? location.problems(field: field) : []
        try ValidationError.check(errors)
        return location
    }
}

extension LocationDTO {
    /// Blank parts are left out rather than stored empty.
    static func trimmed(_ detail: AddressDetail) -> AddressDetail {
        AddressDetail(
            dusun: detail.dusun?.trimmingWhitespace.nilIfEmpty, rt: detail.rt?.trimmingWhitespace.nilIfEmpty,
            rw: detail.rw?.trimmingWhitespace.nilIfEmpty, street: detail.street?.trimmingWhitespace.nilIfEmpty,
            landmark: detail.landmark?.trimmingWhitespace.nilIfEmpty)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
