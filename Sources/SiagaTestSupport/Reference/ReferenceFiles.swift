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
    public static let kecamatanJawaTimur: BoundaryIndex = index("batas/kecamatan-35-jawa-timur.geojson")

    private static func index(_ path: String) -> BoundaryIndex {
        do {
            return BoundaryIndex(areas: try GeoJSONAreas.parse(try Data(contentsOf: url(path))))
        } catch {
            preconditionFailure("cannot read \(path): \(error)")
        }
    }
}
