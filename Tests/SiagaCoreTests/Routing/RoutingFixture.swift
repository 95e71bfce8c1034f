import SiagaCore
import SiagaTestSupport

/// Places and agencies the routing tests speak of: kecamatan of Sidoarjo (35.15) and Blitar (35.05), and the four
/// Sidoarjo agencies as the region's IT team names them in the matrix CSV.
enum RoutingFixture {
    static let sidoarjo = Region.sidoarjo.code
    static let blitar = Region.blitar.code

    /// Provinsi Jawa Timur: one level too high for a matrix row.
    static let jawaTimur = code("35")
    static let waru = code("35.15.18")
    static let sedati = code("35.15.17")
    static let porong = code("35.15.04")
    /// Kecamatan Wonodadi, Kabupaten Blitar.
    static let wonodadi = code("35.05.01")
    /// Desa Pepelegi in Kecamatan Waru: one level too deep for a matrix row.
    static let pepelegi = code("35.15.18.2001")

    static let polisi = AgencyID("3515-polisi")

    /// Damkar, BPBD, police and PSC 119 of Sidoarjo, by code `damkar`, `bpbd`, `polisi`, `psc119`.
    static let sidoarjoAgencies = [
        Agency(id: .damkar, regionCode: sidoarjo, code: "damkar", name: "Damkar Sidoarjo", kind: .damkar),
        Agency(id: .bpbd, regionCode: sidoarjo, code: "bpbd", name: "BPBD Sidoarjo", kind: .bpbd),
        Agency(id: polisi, regionCode: sidoarjo, code: "polisi", name: "Polresta Sidoarjo", kind: .polisi),
        Agency(id: .psc119, regionCode: sidoarjo, code: "psc119", name: "PSC 119 Sidoarjo", kind: .ambulans),
    ]

    /// Blitar's own Damkar and PLN, with codes that Sidoarjo does not have (`pln`) or shares (`damkar`).
    static let blitarAgencies = [
        Agency(id: AgencyID("3505-damkar"), regionCode: blitar, code: "damkar", name: "Damkar Blitar", kind: .damkar),
        Agency(id: AgencyID("3505-pln"), regionCode: blitar, code: "pln", name: "PLN ULP Blitar", kind: .pln),
    ]

    static let sidoarjoAgencyIDs = Set(sidoarjoAgencies.map(\.id))

    private static func code(_ text: String) -> RegionCode {
        guard let code = RegionCode(text) else { preconditionFailure("\(text) is not a Kemendagri code") }
        return code
    }
}
