/// A small RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, quotes (doubled) and
/// line breaks. Pure: callers bring the text.
public enum CSV {
    /// The records of `text`, each a list of fields. Blank lines are skipped; `\r\n` and `\n` both end a record.
    /// Returns `nil` when a quoted field is never closed.
    public static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                record.append(field)
                if record != [""] { records.append(record) }
                record = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if quoted { return nil }
        record.append(field)
        if record != [""] { records.append(record) }
        return records
    }

    /// One record as a CSV line, quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}

import Foundation
