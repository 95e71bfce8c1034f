public import SQLKit

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

extension DatabaseBackend {
    /// Bulk reads through the generic row decoder, one column at a time by name.
    func decodedPlainRows(
        _ query: SQLQueryString, columns: [PlainColumn], _ each: @escaping @Sendable ([PlainValue]) -> Void
    ) async throws {
        try await withReader { database in
            for row in try await database.raw(query).all() {
                each(
                    try columns.map { column in
                        switch column.kind {
                        case .integer:
                            try row.decode(column: column.name, as: Int64?.self).map(PlainValue.integer) ?? .null
                        case .text:
                            try row.decode(column: column.name, as: String?.self).map(PlainValue.text) ?? .null
                        }
                    })
            }
        }
    }
}
