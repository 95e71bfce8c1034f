import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Whether a quake concerns a region: felt there, or strong and near")
struct QuakeAssessmentTests {
    static func quake(magnitude: Double, felt: [FeltReport] = []) -> Quake {
        Quake(
            eventID: "20261205143521", origin: BMKGSamples.now,
            epicenter: Coordinate(latitude: -8.47, longitude: 112.21)!,
            magnitude: magnitude, depthKm: 48, area: "Pusat gempa berada di laut 31 km BaratDaya Kab. Blitar",
            felt: felt, feltText: nil, potential: nil, source: "test")
    }

    @Test("Felt at MMI V in the region opens an incident to verify, even when the epicentre is far")
    func feltStrongly() {
        let quake = Self.quake(magnitude: 5.1, felt: [FeltReport(mmi: 5, scale: "V", place: "Blitar")])
        let assessment = QuakeAssessment.assess(
            quake, regionName: "Kabupaten Blitar", distanceKm: 180, thresholds: .defaults)
        #expect(assessment.verdict == .verify)
        #expect(assessment.feltIntensity == 5)
        #expect(assessment.feltPlace == "Blitar")
    }

    @Test("M 6.0 within 100 km opens an incident to verify; M 5.9 at the same place is only shown")
    func strongAndNear() {
        let strong = QuakeAssessment.assess(
            Self.quake(magnitude: 6.0), regionName: "Kabupaten Blitar", distanceKm: 40, thresholds: .defaults)
        let weaker = QuakeAssessment.assess(
            Self.quake(magnitude: 5.9), regionName: "Kabupaten Blitar", distanceKm: 40, thresholds: .defaults)
        #expect(strong.verdict == .verify)
        #expect(weaker.verdict == .notice)
    }

    @Test("Felt weakly is shown; far and unfelt is ignored")
    func noticeAndIgnore() {
        let felt = QuakeAssessment.assess(
            Self.quake(magnitude: 3.4, felt: [FeltReport(mmi: 3, scale: "II - III", place: "Sidoarjo")]),
            regionName: "Kabupaten Sidoarjo", distanceKm: 0, thresholds: .defaults)
        let far = QuakeAssessment.assess(
            Self.quake(magnitude: 6.5), regionName: "Kota Palu", distanceKm: 900, thresholds: .defaults)
        #expect(felt.verdict == .notice)
        #expect(far.verdict == .ignore)
    }

    @Test("A bare name is felt in the regency and the city of that name; 'Kota' only in the city")
    func feltPlaces() {
        #expect(FeltPlace.matches("Blitar", regionName: "Kabupaten Blitar"))
        #expect(FeltPlace.matches("Blitar", regionName: "Kota Blitar"))
        #expect(FeltPlace.matches("Kota Blitar", regionName: "Kota Blitar"))
        #expect(!FeltPlace.matches("Kota Blitar", regionName: "Kabupaten Blitar"))
        #expect(FeltPlace.matches("Kab. Blitar", regionName: "Kabupaten Blitar"))
        #expect(!FeltPlace.matches("Malang", regionName: "Kabupaten Blitar"))
    }

    @Test("A region's own thresholds apply, and nonsensical ones are refused field by field")
    func thresholds() {
        var cautious = QuakeThresholds.defaults
        cautious.incidentMagnitude = 5.5
        let assessment = QuakeAssessment.assess(
            Self.quake(magnitude: 5.6), regionName: "Kabupaten Blitar", distanceKm: 40, thresholds: cautious)
        #expect(assessment.verdict == .verify)
        var broken = QuakeThresholds.defaults
        broken.noticeMagnitude = 0
        broken.incidentIntensity = 13
        #expect(broken.problems.map(\.field) == ["noticeMagnitude", "incidentIntensity"])
    }
}
