import Foundation
import Hummingbird
import NIOCore
import SiagaCore

/// CSV (RFC 4180) for the exports people open in a spreadsheet.
enum SpreadsheetCSV {
    /// The header's names are plain identifiers; every field of every row is quoted and neutralised by the
    /// project's one CSV writer, ``CSV/line(_:quoteAll:)``.
    static func render(header: [String], rows: [[String]]) -> String {
        ([header.joined(separator: ",")] + rows.map { CSV.line($0, quoteAll: true) }).joined(separator: "\r\n") + "\r\n"
    }

    /// One field as the exports write it.
    static func quote(_ field: String) -> String { CSV.line([field], quoteAll: true) }

    /// A download response named `filename`.
    static func response(_ csv: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(filename)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
