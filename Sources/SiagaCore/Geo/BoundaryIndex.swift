/// Which area a point lies in, answered through a grid over the areas' bounding boxes so that only a handful of
/// polygons are tested, whatever the number of areas.
public struct BoundaryIndex: Sendable {
    /// What a lookup found.
    public struct Match: Hashable, Sendable {
        public var area: BoundaryArea
        /// True when no polygon contains the point and the nearest area within the allowed distance is given
        /// (simplified borders leave gaps along coasts and between neighbours).
        public var approximate: Bool
        /// Distance to the area's border for an approximate match; 0 inside.
        public var distanceMeters: Double
    }

    public let areas: [BoundaryArea]
    private let cellSize: Double
    private let cells: [Cell: [Int]]

    private struct Cell: Hashable {
        var row: Int
        var column: Int
    }

    /// Indexes `areas` on a grid of `cellSize` degrees (0.1° ≈ 11 km: a few areas per cell for regencies).
    public init(areas: [BoundaryArea], cellSize: Double = 0.1) {
        self.areas = areas
        self.cellSize = cellSize
        var cells: [Cell: [Int]] = [:]
        for (index, area) in areas.enumerated() {
            for cell in Self.cells(covering: area.box, size: cellSize) { cells[cell, default: []].append(index) }
        }
        self.cells = cells
    }

    /// The area containing `point`, else the nearest within `maxDistance` metres (approximate), else `nil`.
    public func locate(_ point: Coordinate, maxDistance: Double = 2000) -> Match? {
        let here = cell(of: point)
        if let index = cells[here]?.first(where: { areas[$0].contains(point) }) {
            return Match(area: areas[index], approximate: false, distanceMeters: 0)
        }
        guard maxDistance > 0 else { return nil }
        // Degrees of latitude per metre, widened for longitude near the equator's neighbours.
        let reach = maxDistance / 110_000 * 1.5
        let candidates = Set(
            Self.cells(covering: BoundingBox([point]).expanded(by: reach), size: cellSize).flatMap { cells[$0] ?? [] })
        let nearest = candidates.map { (index: $0, distance: areas[$0].distance(from: point)) }.min {
            $0.distance < $1.distance
        }
        guard let nearest, nearest.distance <= maxDistance else { return nil }
        return Match(area: areas[nearest.index], approximate: true, distanceMeters: nearest.distance)
    }

    /// The same answer by testing every area: the baseline the index is measured against.
    public func locateByScan(_ point: Coordinate, maxDistance: Double = 2000) -> Match? {
        if let area = areas.first(where: { $0.contains(point) }) {
            return Match(area: area, approximate: false, distanceMeters: 0)
        }
        guard maxDistance > 0 else { return nil }
        let nearest = areas.map { (area: $0, distance: $0.distance(from: point)) }.min { $0.distance < $1.distance }
        guard let nearest, nearest.distance <= maxDistance else { return nil }
        return Match(area: nearest.area, approximate: true, distanceMeters: nearest.distance)
    }

    private func cell(of point: Coordinate) -> Cell {
        Cell(
            row: Int((point.latitude / cellSize).rounded(.down)),
            column: Int((point.longitude / cellSize).rounded(.down)))
    }

    private static func cells(covering box: BoundingBox, size: Double) -> [Cell] {
        let rows = Int((box.minLatitude / size).rounded(.down))...Int((box.maxLatitude / size).rounded(.down))
        let columns = Int((box.minLongitude / size).rounded(.down))...Int((box.maxLongitude / size).rounded(.down))
        return rows.flatMap { row in columns.map { Cell(row: row, column: $0) } }
    }
}
