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
