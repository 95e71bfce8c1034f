import Foundation
import SiagaCore

/// How a big region's 112 traffic is distributed over a year, close to what regions publish: most calls are
/// pranks, silent calls and questions, about one in ten is a new emergency, and big incidents draw several calls.
enum SimulatedTraffic {
    /// What a call turns out to be, per hundred calls.
    static let callKinds: [(DemoCallKind, Double)] = [
        (.nonEmergency(.prank), 30), (.nonEmergency(.silent), 26), (.nonEmergency(.information), 11),
        (.nonEmergency(.wrongNumber), 6), (.nonEmergency(.test), 1), (.abandoned, 10), (.emergency, 10),
        (.duplicate, 6),
    ]

    /// The share of a day's calls in each local hour: quiet before dawn, busiest from late morning to evening.
    static let hours: [(Int, Double)] = DemoDay.hourlyWeights.enumerated().map { ($0.offset, $0.element) }

    /// Calls in each month (January first) against the year's average day: more in the rainy season and in the
    /// school holidays, when children play with the phone.
    static let monthFactors: [Double] = [1.10, 1.08, 1.02, 0.95, 0.92, 0.96, 1.05, 0.98, 0.94, 0.96, 1.00, 1.04]

    /// More calls at weekends (Sunday first).
    static let weekdayFactors: [Double] = [1.10, 0.96, 0.96, 0.97, 0.97, 1.00, 1.06]

    /// An emergency's scenario for `month` (1–12): fires and wasp nests in the dry season (July to October),
    /// floods and fallen trees in the rainy season (November to March), accidents and medical calls all year.
    static func scenarioWeights(month: Int) -> [(DemoScenario, Double)] {
        let dry = (7...10).contains(month)
        let rainy = month >= 11 || month <= 3
        let wet = month == 12 || month <= 2
        return DemoScenario.all.map { scenario in
            let weight: Double =
                switch (scenario.category, scenario.subcategory) {
                case ("kecelakaan", _): 24
                case ("medis", _): 18
                case ("kriminal", _): 12
                case ("kebakaran", _): dry ? 18 : 10
                case ("hewan-berbahaya", _): dry ? 15 : 10
                case (_, "pohon-tumbang"): rainy ? 14 : 7
                case (_, "banjir"): wet ? 15 : (rainy ? 7 : 2)
                case ("utilitas", _): rainy ? 8 : 5
                case ("sar", _): 3
                default: 3
                }
            return (scenario, weight)
        }
    }

    /// How likely another caller is to report an incident of this category again: fires, floods and crashes on
    /// a main road are seen by many.
    static func visibility(of category: String?) -> Double {
        switch category {
        case "kebakaran", "bencana-alam": 4
        case "kecelakaan", "kerusuhan": 3
        default: 1
        }
    }
}

extension DemoRandom {
    /// Seconds drawn from `usually`, or from `sometimes` with probability `share`: most steps are quick and a
    /// few are slow, as in a real center.
    mutating func delay(usually: ClosedRange<Double>, sometimes: ClosedRange<Double>, share: Double) -> Double {
        Double.random(in: Double.random(in: 0..<1, using: &self) < share ? sometimes : usually, using: &self)
    }
}
