import Foundation
import SiagaCore

/// A demo region: its configuration files (the same onboarding path as any region) and, for placing sample
/// incidents, its districts with centroids and villages.
struct DemoRegionData {
    struct Kecamatan {
        var code: RegionCode
        var name: String
        var coordinate: Coordinate
        var desa: [Wilayah.Entry]
    }

    var code: RegionCode
    var files: RegionFiles
    var kecamatan: [Kecamatan]

    static let codes = ["35.15", "35.05"]

    static func load() throws -> [DemoRegionData] {
        let wilayah = try ReferenceData.wilayah()
        let centroids = try resource("kecamatan-centroids", "csv").split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
        return try codes.map { text in
            let code = RegionCode(text)!
            let kecamatan = centroids.filter { $0[0].hasPrefix(text + ".") }.compactMap { row -> Kecamatan? in
                guard let kode = RegionCode(row[0]), let lat = Double(row[2]), let lng = Double(row[3]),
                    let point = Coordinate(latitude: lat, longitude: lng)
                else { return nil }
                return Kecamatan(
                    code: kode, name: row[1], coordinate: point, desa: wilayah.areas(in: kode, level: .desa))
            }
            let files = RegionFiles(
                agenciesCSV: try resource("agencies", "csv", in: text),
                postsCSV: try resource("posts", "csv", in: text),
                unitsCSV: try resource("units", "csv", in: text),
                matrixCSV: try resource("matrix", "csv", in: text))
            return DemoRegionData(code: code, files: files, kecamatan: kecamatan)
        }
    }

    private static func resource(_ name: String, _ ext: String, in region: String? = nil) throws -> String {
        let folder = "Resources/demo" + (region.map { "/\($0)" } ?? "")
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: folder) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(folder)/\(name).\(ext)"])
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

extension DemoRegionData {
    /// A caller's position near the centre of a random kecamatan, in one of its villages.
    func randomLocation(using random: inout DemoRandom) -> Location {
        let kecamatan = kecamatan.randomElement(using: &random)!
        let desa = kecamatan.desa.randomElement(using: &random)
        let point = Coordinate(
            latitude: kecamatan.coordinate.latitude + Double.random(in: -0.01...0.01, using: &random),
            longitude: kecamatan.coordinate.longitude + Double.random(in: -0.01...0.01, using: &random))
        let address = [desa.map { "Desa/Kel. \($0.name)" }, "Kec. \(kecamatan.name)"].compactMap { $0 }
            .joined(separator: ", ")
        return Location(
            coordinate: point, address: address, kecamatanCode: kecamatan.code, desaCode: desa?.code,
            source: .caller, accuracyMeters: 500)
    }

    /// One of the two call takers on duty at the region's local `hour`, in three shifts: 07–15, 15–23, 23–07.
    func callTaker(atHour hour: Int, using random: inout DemoRandom) -> PetugasID {
        let shift = (7..<15).contains(hour) ? 0 : ((15..<23).contains(hour) ? 1 : 2)
        return PetugasID("operator.\(code.compact).\(shift * 2 + Int.random(in: 1...2, using: &random))")
    }
}
