import Foundation
public import SiagaCore
import Synchronization

/// The Kemendagri reference list shipped with the server (`Resources/reference`), read once on first use.
public enum ReferenceData {
    private static let loaded: Result<Wilayah, any Error> = Result {
        guard
            let url = Bundle.module.url(
                forResource: "wilayah", withExtension: "csv", subdirectory: "Resources/reference")
        else { throw CocoaError(.fileNoSuchFile) }
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            line -> (String, String)? in
            guard let comma = line.firstIndex(of: ",") else { return nil }
            return (String(line[..<comma]), String(line[line.index(after: comma)...]).trimmingWhitespace)
        }
        return Wilayah(rows: rows)
    }

    public static func wilayah() throws -> Wilayah { try loaded.get() }

    private static let placeIndex: Result<PlaceSearch, any Error> = Result { PlaceSearch(try loaded.get()) }

    /// Place search over the whole reference list, built on first use.
    public static func places() throws -> PlaceSearch { try placeIndex.get() }

    private static let kabupatenIndex: Result<BoundaryIndex, any Error> = Result { try index("kabupaten") }
    private static let kecamatanIndexes = Mutex<[String: BoundaryIndex]>([:])

    /// Every regency and city, indexed for point lookups; read on first use.
    public static func kabupaten() throws -> BoundaryIndex { try kabupatenIndex.get() }

    /// The kecamatan of the province holding `region`, indexed; each province's file is read the first time one
    /// of its regions needs it, so a server holds only the provinces it serves. A province the reference data has
    /// no boundaries for gives an empty index.
    static func kecamatan(of region: RegionCode) throws -> BoundaryIndex {
        let province = region.provinceCode
        if let cached = kecamatanIndexes.withLock({ $0[province] }) { return cached }
        let built =
            try Bundle.module.url(
                forResource: province, withExtension: "geojson", subdirectory: "Resources/reference/batas/kecamatan"
            ).map { BoundaryIndex(areas: try GeoJSONAreas.parse(try Data(contentsOf: $0))) }
            ?? BoundaryIndex(areas: [])
        defer { FreedMemory.returnToSystem() }
        return kecamatanIndexes.withLock { indexes in
            if let raced = indexes[province] { return raced }
            indexes[province] = built
            return built
        }
    }

    /// The provinces whose kecamatan boundaries are in memory.
    static var loadedKecamatanProvinces: [String] { kecamatanIndexes.withLock { $0.keys.sorted() } }

    private static func index(_ name: String) throws -> BoundaryIndex {
        guard
            let url = Bundle.module.url(
                forResource: name, withExtension: "geojson", subdirectory: "Resources/reference/batas")
        else { throw CocoaError(.fileNoSuchFile) }
        return BoundaryIndex(areas: try GeoJSONAreas.parse(try Data(contentsOf: url)))
    }
}
