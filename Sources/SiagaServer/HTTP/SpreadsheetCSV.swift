import Foundation
import Hummingbird
import NIOCore

/// CSV (RFC 4180) for the exports people open in a spreadsheet.
enum SpreadsheetCSV {
    /// The header's names are plain identifiers and go unquoted; every field of every row is quoted.
    static func render(header: [String], rows: [[String]]) -> String {
        ([header.joined(separator: ",")] + rows.map { $0.map(quote).joined(separator: ",") })
            .joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes every field (spreadsheets with `;` as their separator split unquoted text on it), and neutralises a
    /// leading `=`, `+`, `-`, `@`, tab or carriage return so a spreadsheet never runs a field as a formula.
    static func quote(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@\t\r".contains(first) { field = "'" + field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

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
