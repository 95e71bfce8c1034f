import SiagaCore

/// Region and kecamatan of a point, from the bundled boundaries.
enum LocationLookup {
    static func locate(_ point: Coordinate, maxDistance: Double = 2000) throws
        -> (kabupaten: BoundaryIndex.Match?, kecamatan: BoundaryIndex.Match?)
    {
        let kabupaten = try ReferenceData.kabupaten().locate(point, maxDistance: maxDistance)
        let kecamatan = try kabupaten.flatMap { region in
            try ReferenceData.kecamatan(of: region.area.code).locate(point, maxDistance: maxDistance).flatMap {
                region.area.code.contains($0.area.code) ? $0 : nil
            }
        }
        return (kabupaten, kecamatan)
    }

    /// `location` with its kecamatan filled in from its coordinate, when it has a coordinate and no kecamatan and
    /// the point lies in `region`.
    static func completing(_ location: Location, in region: RegionCode) -> Location {
        guard location.kecamatanCode == nil, let point = location.coordinate,
            let found = try? locate(point), let kecamatan = found.kecamatan, region.contains(kecamatan.area.code)
        else { return location }
        var completed = location
        completed.kecamatanCode = kecamatan.area.code
        return completed
    }
}
