import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Instants kept to the millisecond")
struct DateMillisecondsTests {
    @Test("An instant kept to the millisecond reads back equal from its stored milliseconds")
    func storedMillisecondsReadBackEqual() {
        // given
        // every millisecond of ten seconds around t0, and of ten seconds in 2040
        let starts = [Date.t0.millisecondsSince1970 - 5000, Date.utc("2040-01-01T00:00:00Z").millisecondsSince1970]
        let stored = starts.flatMap { $0..<($0 + 10_000) }

        // when
        let mismatches = stored.filter { Date(millisecondsSince1970: $0).millisecondsSince1970 != $0 }

        // then
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(stored.count), first: \(mismatches.prefix(3))")
    }

    @Test("Dropping sub-millisecond precision once is enough: doing it again changes nothing")
    func truncationIsStable() {
        // given
        let instants = (0..<10_000).map { Date.t0.addingTimeInterval(Double($0) * 0.000_123_4) }

        // when
        let unstable = instants.filter {
            $0.truncatedToMilliseconds.truncatedToMilliseconds != $0.truncatedToMilliseconds
        }

        // then
        #expect(unstable.isEmpty)
    }

    @Test("An instant keeps its milliseconds and loses what is finer")
    func precision() {
        // given
        let instant = Date.t0.addingTimeInterval(0.250_4)

        // when
        let kept = instant.truncatedToMilliseconds

        // then
        #expect(kept.millisecondsSince1970 == Date.t0.millisecondsSince1970 + 250)
        #expect(abs(kept.timeIntervalSince(Date.t0) - 0.25) < 1e-6)
        #expect(Date.t0.millisecondsSince1970 == 1_795_402_800_000)
    }
}
