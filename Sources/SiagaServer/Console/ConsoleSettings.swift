import Foundation

/// Where the console finds what it does not ship: Leaflet and Chart.js (Debian's `libjs-leaflet` and
/// `libjs-chart.js` by default) and the map tiles.
public struct ConsoleSettings: Sendable {
    /// The directory holding `leaflet/` and `chart.js/`, served under `/vendor/`.
    public var vendorDirectory: String
    /// The tile URL template; empty for no base map (boundaries, posts and units still draw).
    public var tileURL: String
    public var tileAttribution: String

    public init(
        vendorDirectory: String = "/usr/share/javascript",
        tileURL: String = "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        tileAttribution: String = "© OpenStreetMap contributors"
    ) {
        self.vendorDirectory = vendorDirectory
        self.tileURL = tileURL
        self.tileAttribution = tileAttribution
    }

    /// The origin of the tiles, for the console's content security policy; `nil` without tiles.
    var tileOrigin: String? {
        guard
            let url = URL(
                string: tileURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
            let scheme = url.scheme, let host = url.host
        else { return nil }
        let wildcard =
            tileURL.contains("{s}") ? "*." + host.split(separator: ".").dropFirst().joined(separator: ".") : host
        return "\(scheme)://\(wildcard)" + (url.port.map { ":\($0)" } ?? "")
    }
}
