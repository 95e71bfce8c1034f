import Foundation

extension Ring {
    /// The ring with fewer points (Douglas–Peucker): every dropped point lay within `tolerance` metres of the
    /// simplified outline. A ring keeps at least four points, so it never collapses; the console draws boundaries
    /// from this, never the lookup.
    public func simplified(toleranceMeters tolerance: Double) -> Ring {
        guard points.count > 4, tolerance > 0 else { return self }
        var open = points
        if open.first == open.last { open.removeLast() }
        // Split the ring at its farthest point from the first, and simplify both halves as lines.
        let origin = open[0]
        let far = open.indices.max { origin.flatDistance(to: open[$0]) < origin.flatDistance(to: open[$1]) } ?? 0
        guard far > 0 else { return self }
        let first = Self.douglasPeucker(Array(open[0...far]), tolerance)
        let second = Self.douglasPeucker(Array(open[far...]) + [origin], tolerance)
        var kept = first + second.dropFirst()
        if kept.count < 4 { return self }
        if kept.first != kept.last { kept.append(kept[0]) }
        return Ring(kept)
    }

    private static func douglasPeucker(_ line: [Coordinate], _ tolerance: Double) -> [Coordinate] {
        guard line.count > 2, let first = line.first, let last = line.last else { return line }
        var farthest = 0
        var distance = 0.0
        for index in 1..<(line.count - 1) {
            let d = line[index].flatDistance(toSegment: first, last)
            if d > distance {
                distance = d
                farthest = index
            }
        }
        guard distance > tolerance else { return [first, last] }
        let left = douglasPeucker(Array(line[...farthest]), tolerance)
        let right = douglasPeucker(Array(line[farthest...]), tolerance)
        return left + right.dropFirst()
    }
}

extension Coordinate {
    /// Metres on a local flat projection around this point: precise enough within a regency.
    fileprivate func flatDistance(to other: Coordinate) -> Double {
        let (x, y) = projected(other)
        return (x * x + y * y).squareRoot()
    }

    /// Metres from this point to the segment `a`–`b` on the same projection.
    fileprivate func flatDistance(toSegment a: Coordinate, _ b: Coordinate) -> Double {
        let (ax, ay) = projected(a)
        let (bx, by) = projected(b)
        let (dx, dy) = (bx - ax, by - ay)
        let length = dx * dx + dy * dy
        let t = length == 0 ? 0 : max(0, min(1, (-ax * dx - ay * dy) / length))
        let (px, py) = (ax + t * dx, ay + t * dy)
        return (px * px + py * py).squareRoot()
    }

    private func projected(_ other: Coordinate) -> (Double, Double) {
        let metresPerDegree = 111_320.0
        let x = (other.longitude - longitude) * metresPerDegree * cos(latitude * .pi / 180)
        let y = (other.latitude - latitude) * metresPerDegree
        return (x, y)
    }
}
