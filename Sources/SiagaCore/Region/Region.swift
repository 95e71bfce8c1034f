/// A regency or city (kabupaten/kota) that runs a 112 command center: the tenant of a deployment.
public struct Region: Hashable, Codable, Sendable {
    public var code: RegionCode
    public var name: String
    public var timeZone: IndonesianTimeZone
    public var policy: RegionPolicy

    /// Creates a region, deriving its time zone from the province. Returns `nil` for a code that is not a
    /// regency or city, or whose province has no known zone.
    public init?(code: RegionCode, name: String, policy: RegionPolicy = RegionPolicy()) {
        guard code.level == .kabupaten, let zone = IndonesianTimeZone.forProvince(code.provinceCode) else {
            return nil
        }
        self.code = code
        self.name = name
        self.timeZone = zone
        self.policy = policy
    }
}

/// Per-region choices that the region's regulation or command center makes.
public struct RegionPolicy: Hashable, Codable, Sendable {
    /// How many pranks from one number, within `repeatPrankWindowHours`, make the caller history flag the
    /// number as a repeat prank caller. `nil` (the default) turns the flag off. Siaga112 never blocks a number:
    /// the flag only informs the call taker.
    public var repeatPrankThreshold: Int?
    public var repeatPrankWindowHours: Int

    public init(repeatPrankThreshold: Int? = nil, repeatPrankWindowHours: Int = 24 * 7) {
        self.repeatPrankThreshold = repeatPrankThreshold
        self.repeatPrankWindowHours = repeatPrankWindowHours
    }
}
