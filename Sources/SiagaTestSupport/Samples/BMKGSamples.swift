public import Foundation

/// BMKG quake feed documents written in the feeds' shape (`Tests/Samples/bmkg`, see its README).
public enum BMKGSamples {
    /// `Tests/Samples/bmkg/<name>`.
    public static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Samples/bmkg").appendingPathComponent(name)
    }

    /// The bytes of `name`; traps if the sample is missing.
    public static func data(_ name: String) -> Data {
        do {
            return try Data(contentsOf: url(name))
        } catch {
            preconditionFailure("cannot read sample \(name): \(error)")
        }
    }

    /// 7 December 2026, 10:00 WIB: after every sample quake, so none lies in the future.
    public static let now = Date(timeIntervalSince1970: 1_796_612_400)
}
