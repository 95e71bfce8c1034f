public import Foundation
public import SiagaCore

/// The reference data the server ships, read from the source tree for tests of the pure core.
public enum ReferenceFiles {
    /// `Sources/SiagaServer/Resources/reference/<path>`.
    public static func url(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("SiagaServer/Resources/reference").appendingPathComponent(path)
    }

    /// Every regency and city of Indonesia, indexed; built once.
    public static let kabupaten: BoundaryIndex = index("batas/kabupaten.geojson")

    /// The kecamatan of Jawa Timur, indexed; built once.
    public static let kecamatanJawaTimur: BoundaryIndex = index("batas/kecamatan/35.geojson")

    /// The Kemendagri list of every administrative area; read once.
    public static let wilayah: Wilayah = {
        do {
            let text = try String(contentsOf: url("wilayah.csv"), encoding: .utf8)
            return Wilayah(
                rows: text.split(separator: "\n").compactMap { line in
                    line.firstIndex(of: ",").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
                })
        } catch {
            preconditionFailure("cannot read wilayah.csv: \(error)")
        }
    }()

    /// Place search over the whole list; built once.
    public static let places = PlaceSearch(wilayah)

    private static func index(_ path: String) -> BoundaryIndex {
        do {
            return BoundaryIndex(areas: try GeoJSONAreas.parse(try Data(contentsOf: url(path))))
        } catch {
            preconditionFailure("cannot read \(path): \(error)")
        }
    }
}
