public import Foundation
import Synchronization

extension Date {
    /// The instant every test starts from: 2026-11-23T03:00:00Z, which is 10:00 WIB on a Monday morning shift in
    /// Sidoarjo. Pinned so incident numbers (`3515-261123-…`) and timelines come out the same on every run.
    public static let t0 = Date(timeIntervalSince1970: 1_795_402_800)

    /// The instant an ISO 8601 UTC timestamp names, e.g. `Date.utc("2026-11-23T16:59:59Z")`.
    /// Traps on malformed text: it is meant for literals in tests.
    public static func utc(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else {
            preconditionFailure("not an ISO 8601 UTC timestamp: \(text)")
        }
        return date
    }
}

/// A wall clock that only moves when a test moves it. Starts at ``Foundation/Date/t0`` unless told otherwise.
///
/// Inject ``nowFunction`` wherever production code takes a `now: @Sendable () -> Date`; then step time with
/// ``advance(by:)`` instead of sleeping.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = .t0) {
        self.current = Mutex(start)
    }

    /// The clock's current instant.
    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward by `seconds` (a negative value moves it back, for tests of late-reported events).
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0.addTimeInterval(seconds) }
    }

    /// ``now()`` as a closure, for initialisers that take `now: @Sendable () -> Date`.
    public var nowFunction: @Sendable () -> Date {
        { [self] in now() }
    }
}
