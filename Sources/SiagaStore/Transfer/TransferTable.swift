import Crypto
import Foundation
import SQLKit
import Synchronization

/// One table as ``RegionTransfer`` moves it: which rows belong to the regions, in dependency order.
struct TransferTable: Sendable {
    let name: String
    let filter: @Sendable (TransferScope) -> SQLQueryString

    static func byRegion(_ name: String) -> TransferTable {
        TransferTable(name: name) { "region_code IN (\(binds: $0.codes))" }
    }

    static func byAgency(_ name: String) -> TransferTable {
        TransferTable(name: name) { "agency_id IN (\($0.agencies))" }
    }

    static let users = TransferTable(name: "users") {
        "(jurisdiction IN (\(binds: $0.codes)) OR agency_id IN (\($0.agencies)))"
    }

    /// Every table that holds a region's data, parents before children. Sessions, idempotency keys and the
    /// schema's own bookkeeping are not moved.
    static let all: [TransferTable] = [
        TransferTable(name: "regions") { "code IN (\(binds: $0.codes))" },
        byRegion("agencies"), byRegion("wilayah"), byRegion("landmarks"), byRegion("shift_patterns"),
        byRegion("matrix_versions"), byRegion("response_policy_versions"), byRegion("incident_sequences"),
        users, byAgency("units"), byAgency("posko"), byAgency("agency_duty"), byRegion("roster"),
        TransferTable(name: "api_tokens") {
            "(jurisdiction IN (\(binds: $0.codes)) OR agency_id IN (\($0.agencies)))"
        },
        byRegion("handovers"), byRegion("incidents"),
        TransferTable(name: "incident_agencies") {
            "incident_id IN (SELECT id FROM incidents WHERE region_code IN (\(binds: $0.codes)))"
        },
        byRegion("response_intervals"), byRegion("calls"), byRegion("switch_calls"), byRegion("notice_ladders"),
        byRegion("notices"),
        TransferTable(name: "aml_messages") {
            "call_id IN (SELECT id FROM calls WHERE region_code IN (\(binds: $0.codes)))"
        },
        byRegion("warnings"), byRegion("quake_thresholds"), byRegion("cap_alerts"), byRegion("eido_imports"),
        byRegion("transfers_out"), byRegion("transfers_in"), byRegion("events"), byRegion("audit_log"),
    ]

    /// Reads the table's columns from the embedded database's schema (STRICT tables: declared types hold).
    func describe(in database: any SQLDatabase) async throws -> DescribedTable {
        let rows = try await database.raw("SELECT name, type, pk FROM pragma_table_info(\(bind: name))").all()
        var columns: [DescribedTable.Column] = []
        var generatedID: String?
        for row in rows {
            let column = try row.decode(column: "name", as: String.self)
            let type = try row.decode(column: "type", as: String.self).uppercased()
            // `INTEGER PRIMARY KEY` is the rowid: the target assigns its own.
            if try row.decode(column: "pk", as: Int.self) == 1, type == "INTEGER", rows.count > 1,
                try rows.filter({ try $0.decode(column: "pk", as: Int.self) > 0 }).count == 1
            {
                generatedID = column
                continue
            }
            let kind: DescribedTable.Kind =
                switch type {
                case "INTEGER": .integer
                case "REAL": .real
                default: .text
                }
            columns.append(.init(name: column, kind: kind))
        }
        return DescribedTable(name: name, columns: columns, generatedID: generatedID, filter: filter)
    }
}

/// A table with its columns, able to copy and checksum a scope's rows.
struct DescribedTable: Sendable {
    enum Kind: Sendable { case integer, real, text }
    struct Column: Sendable {
        var name: String
        var kind: Kind
    }

    let name: String
    let columns: [Column]
    /// The auto-assigned id column, left out of copies and checksums.
    let generatedID: String?
    let filter: @Sendable (TransferScope) -> SQLQueryString

    private var columnList: SQLQueryString { "\(idents: columns.map(\.name), joinedBy: ", ")" }
    private var order: SQLQueryString { generatedID.map { "ORDER BY \(ident: $0)" } ?? "" }

    /// Copies the scope's rows from the embedded database, a page at a time, in their original order.
    func copy(_ scope: TransferScope, from source: any SQLDatabase, to target: any SQLDatabase) async throws {
        // PostgreSQL takes at most 65,535 parameters in one statement.
        let page = max(1, 20_000 / max(1, columns.count))
        var after: Int64 = 0
        while true {
            let rows = try await source.raw(
                """
                SELECT rowid AS transfer_rowid, \(columnList) FROM \(ident: name)
                WHERE \(filter(scope)) AND rowid > \(bind: after) ORDER BY rowid LIMIT \(literal: page)
                """
            ).all()
            guard let last = rows.last else { return }
            after = try last.decode(column: "transfer_rowid", as: Int64.self)
            let values: [SQLQueryString] = try rows.map { "(\(binds: try cells(of: $0)))" }
            try await target.raw(
                "INSERT INTO \(ident: name) (\(columnList)) VALUES \(SQLList(values, separator: SQLRaw(", ")))"
            ).run()
        }
    }

    /// How many of the scope's rows there are and an order-independent SHA-256 over them, streamed.
    func checksum(_ scope: TransferScope, in database: any SQLDatabase) async throws -> (rows: Int, digest: String) {
        let sum = Mutex((rows: 0, lanes: [UInt64](repeating: 0, count: 4)))
        let columns = columns
        try await database.raw("SELECT \(columnList) FROM \(ident: name) WHERE \(filter(scope))").run { row in
            var canonical = ""
            for cell in (try? Self.cells(of: row, columns)) ?? [] { canonical += Self.canonical(cell) }
            let digest = Array(SHA256.hash(data: Data(canonical.utf8)))
            sum.withLock { sum in
                sum.rows += 1
                for lane in 0..<4 {
                    sum.lanes[lane] &+= digest[(lane * 8)..<(lane * 8 + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                }
            }
        }
        return sum.withLock { ($0.rows, $0.lanes.map { String(format: "%016llx", $0) }.joined()) }
    }

    private func cells(of row: any SQLRow) throws -> [any Encodable & Sendable] { try Self.cells(of: row, columns) }

    private static func cells(of row: any SQLRow, _ columns: [Column]) throws -> [any Encodable & Sendable] {
        try columns.map { column -> any Encodable & Sendable in
            switch column.kind {
            case .integer: try row.decode(column: column.name, as: Int64?.self)
            case .real: try row.decode(column: column.name, as: Double?.self)
            case .text: try row.decode(column: column.name, as: String?.self)
            }
        }
    }

    private static func canonical(_ cell: any Encodable & Sendable) -> String {
        switch cell {
        case let value as Int64?: value.map { "i\($0);" } ?? "n;"
        case let value as Double?: value.map { "d\($0.bitPattern);" } ?? "n;"
        case let value as String?: value.map { "t\($0.utf8.count):\($0);" } ?? "n;"
        default: "?;"
        }
    }
}
