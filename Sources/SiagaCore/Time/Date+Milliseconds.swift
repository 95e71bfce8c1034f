public import Foundation

extension Date {
    /// Milliseconds since 1970, the stored form of every instant.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millisecondsSince1970 ms: Int64) { self.init(timeIntervalSince1970: TimeInterval(ms) / 1000) }

    /// This instant without sub-millisecond precision: what the store keeps, so that state read back equals
    /// state written.
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
