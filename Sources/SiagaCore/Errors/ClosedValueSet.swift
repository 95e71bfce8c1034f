/// An enum whose wire values are a closed set: an unknown value is refused with the values allowed, so the
/// answer to a client can list them.
public protocol ClosedValueSet: CaseIterable, RawRepresentable<String>, Decodable {}

/// A value outside an enum's cases, where it was and what was allowed.
public struct UnknownValue: Error, Hashable, Sendable {
    /// The path of the value in the document, e.g. `disposition` or `targets[0].priority`.
    public var field: String
    public var allowed: [String]
}

extension ClosedValueSet {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw UnknownValue(field: Self.path(decoder.codingPath), allowed: Self.allCases.map(\.rawValue))
        }
        self = value
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }
}
