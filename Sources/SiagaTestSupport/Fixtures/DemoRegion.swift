public import SiagaCore

extension Region {
    /// Kabupaten Sidoarjo, Jawa Timur (WIB): the main demo region and the default of every fixture.
    public static let sidoarjo = demo("35.15", "Kabupaten Sidoarjo")
    /// Kabupaten Blitar, Jawa Timur (WIB): a second region in the same zone, for tenant separation.
    public static let blitar = demo("35.05", "Kabupaten Blitar")
    /// Kota Denpasar, Bali (WITA, UTC+8).
    public static let denpasar = demo("51.71", "Kota Denpasar")
    /// Kota Jayapura, Papua (WIT, UTC+9).
    public static let jayapura = demo("91.71", "Kota Jayapura")

    private static func demo(_ code: String, _ name: String) -> Region {
        guard let regionCode = RegionCode(code), let region = Region(code: regionCode, name: name) else {
            preconditionFailure("demo region \(code) \(name) is not a valid regency or city")
        }
        return region
    }
}

extension AgencyID {
    /// Damkar Sidoarjo: fire and rescue.
    public static let damkar = AgencyID("3515-damkar")
    /// BPBD Sidoarjo: disaster management.
    public static let bpbd = AgencyID("3515-bpbd")
    /// Polresta Sidoarjo: police.
    public static let polresta = AgencyID("3515-polresta")
    /// PSC 119 Sidoarjo: ambulances.
    public static let psc119 = AgencyID("3515-psc119")
}

extension IncidentRules {
    /// Sidoarjo's rules: the default category catalog, its four demo agencies (BPBD reached by WhatsApp, the
    /// rest on their consoles) and their units.
    public static let demo = IncidentRules(
        categories: .defaults,
        agencies: [.damkar, .bpbd, .polresta, .psc119],
        channels: [.bpbd: .whatsapp],
        units: Dictionary(uniqueKeysWithValues: ResponseUnit.demo.map { ($0.id, $0) })
    )
}

extension UnitID {
    public static let damkarWaru1 = UnitID("3515-damkar-waru-1")
    public static let damkarCandi1 = UnitID("3515-damkar-candi-1")
    public static let damkarSedati1 = UnitID("3515-damkar-sedati-1")
    public static let psc119Ambulans1 = UnitID("3515-psc119-1")
}

extension ResponseUnit {
    /// Three Damkar fire engines (one out of service) and a PSC 119 ambulance.
    public static let demo = [
        ResponseUnit(id: .damkarWaru1, agencyID: .damkar, callsign: "DAMKAR WARU 1", kind: "pemadam"),
        ResponseUnit(
            id: .damkarCandi1, agencyID: .damkar, callsign: "DAMKAR CANDI 1", kind: "pemadam", status: .outOfService),
        ResponseUnit(id: .damkarSedati1, agencyID: .damkar, callsign: "DAMKAR SEDATI 1", kind: "pemadam"),
        ResponseUnit(id: .psc119Ambulans1, agencyID: .psc119, callsign: "AMBULANS 119-1", kind: "ambulans"),
    ]
}
