import Foundation

/// A small RFC 4180 reader and writer: comma-separated fields, double-quoted fields may hold commas, quotes
/// (doubled) and line breaks; fields a spreadsheet would run as formulas are written with a leading `'`, which
/// reading removes. Pure: callers bring the text.
public enum CSV {
    /// The records of `text`, each a list of fields. Blank lines are skipped; `\r\n` and `\n` both end a record.
    /// Returns `nil` when a quoted field is never closed.
    public static func parse(_ text: String) -> [[String]]? {
        numberedRecords(text)?.map(\.fields)
    }

    /// The records of `text` with the row a spreadsheet shows each on (1-based): blank lines count as rows, a
    /// quoted field spanning lines stays in one row.
    public static func numberedRecords(_ text: String) -> [(line: Int, fields: [String])]? {
        var records: [(line: Int, fields: [String])] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        // Spreadsheets save "CSV UTF-8" with a byte-order mark in front of the header.
        var iterator = (text.first == "\u{FEFF}" ? text.dropFirst() : Substring(text)).makeIterator()
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
                record.append(unneutralised(field))
                field = ""
            } else if character.isNewline {
                record.append(unneutralised(field))
                if record != [""] { records.append((recordLine, record)) }
                record = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(character)
            }
        }
        if quoted { return nil }
        record.append(unneutralised(field))
        if record != [""] { records.append((recordLine, record)) }
        return records
    }

    /// One record as a CSV line: the one writer of every CSV the project produces. Each field is neutralised
    /// (``neutralised(_:)``), so no spreadsheet runs it as a formula, and quoted when it needs it, or always with
    /// `quoteAll` (spreadsheets whose separator is `;` split unquoted text on it). ``parse(_:)`` reads it back as
    /// it was written.
    public static func line(_ fields: [String], quoteAll: Bool = false) -> String {
        fields.map { field in
            let field = neutralised(field)
            return quoteAll || field.contains { $0 == "," || $0 == "\"" || $0.isNewline }
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// `field` with a `'` in front when a spreadsheet would take it for a formula: it starts with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return and is not a plain number (`-7.4835` stays a number). A field that starts
    /// with `'` gets another, so reading strips exactly the one added here.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.first else { return field }
        if first == "'" || ("=+-@\t\r".contains(first) && !isPlainNumber(field)) { return "'" + field }
        return field
    }

    /// Undoes ``neutralised(_:)``: one leading `'` before a formula character or another `'` is dropped.
    static func unneutralised(_ field: String) -> String {
        guard field.first == "'", let second = field.dropFirst().first, "'=+-@\t\r".contains(second) else {
            return field
        }
        return String(field.dropFirst())
    }

    /// A decimal number such as `-7.4835` or `+62`: what a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        if let sign = rest.first, sign == "-" || sign == "+" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

/// Why a row of an imported CSV file was rejected. Rows are numbered as a spreadsheet shows them (the header is
/// row 1).
public struct CSVRowError: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        case unreadable
        case missingHeader(expected: [String])
        case wrongColumnCount(expected: Int, found: Int)
        case unknownCategory(String)
        case unknownSubcategory(String)
        case invalidKecamatan(String)
        case emptyPrimary
        case unknownAgency(String)
        case duplicateRow(firstAt: Int)
        case invalidCode(String)
        case emptyName
        case unknownValue(column: String, value: String, allowed: [String])
        /// A notice ladder cell that cannot be read (`channel[+seconds]:recipient[:label]|…`) or used.
        case invalidLadder(String)
    }

    public var row: Int
    public var reason: Reason

    public init(row: Int, reason: Reason) {
        self.row = row
        self.reason = reason
    }
}

/// A rejected file, with every row at fault in row order; nothing of it was stored.
public struct CSVRejection: Error, Hashable, Sendable {
    public var errors: [CSVRowError]
    /// The file's name, when several files are imported together (`agencies.csv`).
    public var file: String?

    public init(_ errors: [CSVRowError], file: String? = nil) {
        // Stable: a row's reasons keep the order they were found in.
        self.errors = errors.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(
            \.element)
        self.file = file
    }
}

extension CSV {
    /// The data records of a file whose first record must be `header` (case and spaces ignored), each with its
    /// spreadsheet row number and fields trimmed, and an error for each record with the wrong number of fields
    /// (so callers report it with the other rows' errors). Throws when the file is unreadable or the header differs.
    public static func records(_ text: String, header: [String]) throws(CSVRejection)
        -> (records: [(row: Int, fields: [String])], errors: [CSVRowError])
    {
        guard let records = numberedRecords(text) else {
            throw CSVRejection([CSVRowError(row: 1, reason: .unreadable)])
        }
        guard let first = records.first, first.fields.map({ $0.trimmingWhitespace.lowercased() }) == header else {
            throw CSVRejection([CSVRowError(row: records.first?.line ?? 1, reason: .missingHeader(expected: header))])
        }
        var result: [(row: Int, fields: [String])] = []
        var errors: [CSVRowError] = []
        for (line, fields) in records.dropFirst() {
            if fields.count == header.count {
                result.append((line, fields.map(\.trimmingWhitespace)))
            } else {
                errors.append(
                    CSVRowError(row: line, reason: .wrongColumnCount(expected: header.count, found: fields.count)))
            }
        }
        return (result, errors)
    }

    /// Like ``records(_:header:)``, for files whose last column was added later and may be left out: such files
    /// read as if that column were empty.
    public static func records(_ text: String, header: [String], optionalLastColumn: Bool) throws(CSVRejection)
        -> (records: [(row: Int, fields: [String])], errors: [CSVRowError])
    {
        try records(text, header: header, optionalTrailingColumns: optionalLastColumn ? 1 : 0)
    }

    /// Like ``records(_:header:)``, for files whose last `count` columns were added later: a file may leave out
    /// any number of them from the end, and reads as if they were empty.
    public static func records(_ text: String, header: [String], optionalTrailingColumns count: Int)
        throws(CSVRejection) -> (records: [(row: Int, fields: [String])], errors: [CSVRowError])
    {
        guard let first = parse(text)?.first, first.count < header.count, first.count >= header.count - count else {
            return try records(text, header: header)
        }
        let missing = header.count - first.count
        let (records, errors) = try records(text, header: Array(header.dropLast(missing)))
        return (records.map { (row: $0.row, fields: $0.fields + Array(repeating: "", count: missing)) }, errors)
    }

    /// True for a code of lower-case letters, digits and dashes, 1 to 40 long.
    public static func isCode(_ text: String) -> Bool {
        (1...40).contains(text.count)
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
