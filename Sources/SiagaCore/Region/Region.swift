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
    /// Forward a P1 incident to the matrix's proposal as soon as it is classified, without waiting for the call
    /// taker's key. Off by default.
    public var autoForwardP1: Bool
    /// Close a resolved incident by itself after this many hours without the supervisor's verification. `nil` (the
    /// default) keeps every resolved incident waiting for a person.
    public var autoCloseAfterHours: Int?
    /// How long an operator's trunk that normally carries calls may bring none before the supervisor is alarmed
    /// (its route to 112 may be broken, as when Kota Bogor's PSTN and Indosat callers could not get through).
    public var trunkSilenceMinutes: Int

    public init(
        repeatPrankThreshold: Int? = nil, repeatPrankWindowHours: Int = 24 * 7, autoForwardP1: Bool = false,
        autoCloseAfterHours: Int? = nil, trunkSilenceMinutes: Int = 60
    ) {
        self.trunkSilenceMinutes = trunkSilenceMinutes
        self.repeatPrankThreshold = repeatPrankThreshold
        self.repeatPrankWindowHours = repeatPrankWindowHours
        self.autoForwardP1 = autoForwardP1
        self.autoCloseAfterHours = autoCloseAfterHours
    }

    private enum CodingKeys: String, CodingKey {
        case repeatPrankThreshold, repeatPrankWindowHours, autoForwardP1, autoCloseAfterHours, trunkSilenceMinutes
    }

    // Policies stored before a field existed read with its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        repeatPrankThreshold = try container.decodeIfPresent(Int.self, forKey: .repeatPrankThreshold)
        repeatPrankWindowHours = try container.decodeIfPresent(Int.self, forKey: .repeatPrankWindowHours) ?? 24 * 7
        autoForwardP1 = try container.decodeIfPresent(Bool.self, forKey: .autoForwardP1) ?? false
        autoCloseAfterHours = try container.decodeIfPresent(Int.self, forKey: .autoCloseAfterHours)
        trunkSilenceMinutes = try container.decodeIfPresent(Int.self, forKey: .trunkSilenceMinutes) ?? 60
    }

    /// Field errors for thresholds and windows out of range.
    public func problems(field: String = "policy") -> [FieldError] {
        var errors: [FieldError] = []
        if let threshold = repeatPrankThreshold, !(2...100).contains(threshold) {
            errors.append(FieldError("\(field).repeatPrankThreshold", .outOfRange))
        }
        if let hours = autoCloseAfterHours, !(1...24 * 30).contains(hours) {
            errors.append(FieldError("\(field).autoCloseAfterHours", .outOfRange))
        }
        if !(1...24 * 90).contains(repeatPrankWindowHours) {
            errors.append(FieldError("\(field).repeatPrankWindowHours", .outOfRange))
        }
        if !(10...24 * 60).contains(trunkSilenceMinutes) {
            errors.append(FieldError("\(field).trunkSilenceMinutes", .outOfRange))
        }
        return errors
    }
}
