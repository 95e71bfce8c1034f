/// A column of a bulk read: its name in the result and what it holds.
public struct PlainColumn: Sendable {
    public enum Kind: Sendable {
        case integer
        case text
    }

    public var name: String
    public var kind: Kind

    public static func integer(_ name: String) -> Self { PlainColumn(name: name, kind: .integer) }
    public static func text(_ name: String) -> Self { PlainColumn(name: name, kind: .text) }
}

/// One value of a bulk read.
public enum PlainValue: Hashable, Sendable {
    case integer(Int64)
    case text(String)
    case null

    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    public var text: String? {
        if case .text(let value) = self { value } else { nil }
    }
}
