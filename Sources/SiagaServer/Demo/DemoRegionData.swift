import Foundation
import SiagaCore

/// A demo region's reference data: its districts with centroids and villages, read from the bundled extract
/// of the Kemendagri codes and boundaries (see `Resources/demo/README.md`).
struct DemoRegionData {
    struct Kecamatan {
        var code: RegionCode
        var name: String
        var coordinate: Coordinate
        var desa: [(code: RegionCode, name: String)]
    }

    var region: Region
    var kecamatan: [Kecamatan]
    var agencies: [Agency]

    static func load() throws -> [DemoRegionData] {
        let names = try csv("wilayah")
        let centroids = try csv("kecamatan-centroids")
        return try [("35.15", "Sidoarjo", "Polresta Sidoarjo"), ("35.05", "Blitar", "Polres Blitar")].map {
            code, town, police in
            let regionCode = RegionCode(code)!
            guard let name = names.first(where: { $0[0] == code })?[1],
                let region = Region(code: regionCode, name: displayName(name))
            else { throw CocoaError(.fileReadCorruptFile) }
            let kecamatan = centroids.filter { $0[0].hasPrefix(code + ".") }.compactMap { row -> Kecamatan? in
                guard let kode = RegionCode(row[0]), let lat = Double(row[2]), let lng = Double(row[3]),
                    let point = Coordinate(latitude: lat, longitude: lng)
                else { return nil }
                let desa = names.filter { $0[0].hasPrefix(row[0] + ".") }.compactMap { entry in
                    RegionCode(entry[0]).map { (code: $0, name: entry[1]) }
                }
                return Kecamatan(code: kode, name: row[1], coordinate: point, desa: desa)
            }
            return DemoRegionData(region: region, kecamatan: kecamatan, agencies: agencies(regionCode, town, police))
        }
    }

    /// `KAB. SIDOARJO` → `Kabupaten Sidoarjo`.
    private static func displayName(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "KAB. ", with: "KABUPATEN ").split(separator: " ")
        return words.map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    private static func agencies(_ region: RegionCode, _ town: String, _ police: String) -> [Agency] {
        let specs: [(String, String, AgencyKind, String)] = [
            ("damkar", "Dinas Pemadam Kebakaran Kabupaten \(town)", .damkar, "113"),
            ("bpbd", "BPBD Kabupaten \(town)", .bpbd, "0800-000-\(region.compact.suffix(2))1"),
            ("polisi", police, .polisi, "110"),
            ("psc119", "PSC 119 \(town)", .ambulans, "119"),
            (
                "rsud", "RSUD \(town == "Sidoarjo" ? "R.T. Notopuro Sidoarjo" : "Ngudi Waluyo Blitar")", .rsud,
                "0800-000-\(region.compact.suffix(2))2"
            ),
            ("satpolpp", "Satpol PP Kabupaten \(town)", .satpolpp, "0800-000-\(region.compact.suffix(2))3"),
            ("dishub", "Dinas Perhubungan Kabupaten \(town)", .dishub, "0800-000-\(region.compact.suffix(2))4"),
            ("pln", "PLN UP3 \(town)", .pln, "123"),
            ("pmi", "PMI Kabupaten \(town)", .pmi, "0800-000-\(region.compact.suffix(2))5"),
        ]
        return specs.map { code, name, kind, phone in
            Agency(
                id: AgencyID("\(region.compact)-\(code)"), regionCode: region, code: code, name: name, kind: kind,
                phone: phone)
        }
    }

    private static func csv(_ name: String) throws -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/demo")
        else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
