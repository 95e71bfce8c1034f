public import Foundation

/// When a quake concerns a region, set per region with its BPBD. The defaults are a starting point to agree with
/// BPBD, not a standard: a region on the Java subduction zone may want a higher notice magnitude.
public struct QuakeThresholds: Hashable, Codable, Sendable {
    /// Shown on the board when the epicentre is at most `noticeRadiusKm` from the region with at least this
    /// magnitude, or BMKG lists the region as having felt it.
    public var noticeMagnitude: Double
    public var noticeRadiusKm: Double
    /// Opens an incident awaiting verification when the region felt it at least this strongly (MMI; V: felt by
    /// nearly everyone, dishes and windows broken) …
    public var incidentIntensity: Int
    /// … or the epicentre is at most `incidentRadiusKm` away with at least this magnitude.
    public var incidentMagnitude: Double
    public var incidentRadiusKm: Double

    public init(
        noticeMagnitude: Double, noticeRadiusKm: Double, incidentIntensity: Int, incidentMagnitude: Double,
        incidentRadiusKm: Double
    ) {
        self.noticeMagnitude = noticeMagnitude
        self.noticeRadiusKm = noticeRadiusKm
        self.incidentIntensity = incidentIntensity
        self.incidentMagnitude = incidentMagnitude
        self.incidentRadiusKm = incidentRadiusKm
    }

    /// M 4.5 within 150 km is shown; felt at MMI V, or M 6.0 within 100 km, opens an incident to verify.
    public static let defaults = QuakeThresholds(
        noticeMagnitude: 4.5, noticeRadiusKm: 150, incidentIntensity: 5, incidentMagnitude: 6.0, incidentRadiusKm: 100)

    /// Refuses thresholds that would hide every quake or open an incident for every tremor.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        if !(2...9).contains(noticeMagnitude) { problems.append(FieldError("noticeMagnitude", .outOfRange)) }
        if !(0...1000).contains(noticeRadiusKm) { problems.append(FieldError("noticeRadiusKm", .outOfRange)) }
        if !(3...12).contains(incidentIntensity) { problems.append(FieldError("incidentIntensity", .outOfRange)) }
        if !(3...9).contains(incidentMagnitude) { problems.append(FieldError("incidentMagnitude", .outOfRange)) }
        if !(0...1000).contains(incidentRadiusKm) { problems.append(FieldError("incidentRadiusKm", .outOfRange)) }
        return problems
    }
}

/// What a quake means for one region: nothing, a notice on the board, or an incident a call taker verifies.
public struct QuakeAssessment: Hashable, Codable, Sendable {
    public enum Verdict: String, Codable, Sendable {
        case ignore, notice, verify
    }

    public var verdict: Verdict
    /// From the epicentre to the region's boundary (0 inside it), rounded to the kilometre.
    public var distanceKm: Double
    /// The strongest intensity BMKG lists for the region, if it lists it.
    public var feltIntensity: Int?
    /// The place of BMKG's list that matched the region ("Blitar").
    public var feltPlace: String?

    public init(verdict: Verdict, distanceKm: Double, feltIntensity: Int?, feltPlace: String?) {
        self.verdict = verdict
        self.distanceKm = distanceKm
        self.feltIntensity = feltIntensity
        self.feltPlace = feltPlace
    }

    /// Assesses `quake` for the region named `regionName` ("Kabupaten Blitar"), `distanceKm` from its epicentre.
    public static func assess(
        _ quake: Quake, regionName: String, distanceKm: Double, thresholds: QuakeThresholds
    ) -> QuakeAssessment {
        let felt = quake.felt.filter { FeltPlace.matches($0.place, regionName: regionName) }.max { $0.mmi < $1.mmi }
        let near = { (radius: Double, magnitude: Double) in distanceKm <= radius && quake.magnitude >= magnitude }
        let verdict: Verdict
        if (felt?.mmi ?? 0) >= thresholds.incidentIntensity
            || near(thresholds.incidentRadiusKm, thresholds.incidentMagnitude)
        {
            verdict = .verify
        } else if felt != nil || near(thresholds.noticeRadiusKm, thresholds.noticeMagnitude) {
            verdict = .notice
        } else {
            verdict = .ignore
        }
        return QuakeAssessment(
            verdict: verdict, distanceKm: distanceKm.rounded(), feltIntensity: felt?.mmi, feltPlace: felt?.place)
    }
}

/// Whether a place of BMKG's felt list names a region. BMKG writes regencies without "Kabupaten" ("Blitar") and
/// cities usually with "Kota" ("Kota Blitar"): a bare name matches the regency and the city of that name, a
/// "Kota …" only the city, a "Kab. …" only the regency.
public enum FeltPlace {
    public static func matches(_ place: String, regionName: String) -> Bool {
        let (placeKind, placeName) = split(place)
        let (regionKind, name) = split(regionName)
        guard placeName == name else { return false }
        return placeKind == nil || placeKind == regionKind
    }

    private enum Kind { case regency, city }

    private static func split(_ text: String) -> (Kind?, String) {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard let first = words.first else { return (nil, "") }
        switch first {
        case "kabupaten", "kab": return (.regency, words.dropFirst().joined(separator: " "))
        case "kota": return (.city, words.dropFirst().joined(separator: " "))
        default: return (nil, words.joined(separator: " "))
        }
    }
}
