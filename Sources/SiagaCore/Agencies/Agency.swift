/// An agency (OPD or partner) that incidents are forwarded to.
public struct Agency: Hashable, Codable, Sendable, Identifiable {
    public var id: AgencyID
    public var regionCode: RegionCode
    /// Short code within the region, e.g. `damkar`, `rsud-sidoarjo`.
    public var code: String
    public var name: String
    public var kind: AgencyKind
    /// The number the command center calls when the agency's console is not answering.
    public var phone: String?
    /// How dispatches reach the agency; anything but `console` means the call taker forwards by that channel and
    /// records the acknowledgement on the agency's behalf.
    public var channel: ForwardingChannel
    public var active: Bool

    public init(
        id: AgencyID,
        regionCode: RegionCode,
        code: String,
        name: String,
        kind: AgencyKind,
        phone: String? = nil,
        channel: ForwardingChannel = .console,
        active: Bool = true
    ) {
        self.id = id
        self.regionCode = regionCode
        self.code = code
        self.name = name
        self.kind = kind
        self.phone = phone
        self.channel = channel
        self.active = active
    }
}

extension Agency {
    /// Field errors for a code, name or phone that cannot be used.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = CSV.isCode(code) ? [] : [FieldError("code", .invalidFormat)]
        errors += TextRules.problems(name, field: "name", max: 200)
        if let phone, !(phone.storedLength <= 30 && phone.allSatisfy({ $0.isNumber || " +-()".contains($0) })) {
            errors.append(FieldError("phone", .invalidFormat))
        }
        return errors
    }
}

/// The kinds of agency a regent's regulation names as responsible for 112 reports.
public enum AgencyKind: String, Codable, Sendable, CaseIterable {
    /// Pemadam kebakaran: fire and rescue.
    case damkar
    /// Badan Penanggulangan Bencana Daerah: disaster management.
    case bpbd
    /// Polres/Polresta/Polsek.
    case polisi
    /// PSC 119 ambulance service.
    case ambulans
    /// Regional public hospital.
    case rsud
    /// Satuan Polisi Pamong Praja: public order.
    case satpolpp
    /// Dinas Perhubungan: transport.
    case dishub
    /// The state electricity company.
    case pln
    /// Palang Merah Indonesia.
    case pmi
    /// National search and rescue.
    case basarnas
    /// Dinas Sosial: social services.
    case dinsos
    /// The regional water company.
    case pdam
    case other
}
