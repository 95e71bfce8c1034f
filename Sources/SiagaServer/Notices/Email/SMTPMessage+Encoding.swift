import Foundation

extension SMTPMessage {
    /// RFC 5322 §3.3 in UTC: `Thu, 23 Nov 2023 03:04:05 +0000`.
    static func dateHeader(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second))"
            + " +0000"
    }

    /// A display name: a quoted string when it is ASCII, RFC 2047 encoded words when it is not.
    static func phrase(_ name: String) -> String {
        let name = singleLine(name)
        guard name.unicodeScalars.allSatisfy(\.isASCII), !name.contains("=?") else { return encodedWords(name) }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// An unstructured header's value (Subject): as it is when it is short ASCII, RFC 2047 encoded words when not.
    static func unstructured(_ value: String) -> String {
        let value = singleLine(value)
        let plain = value.unicodeScalars.allSatisfy(\.isASCII) && !value.contains("=?") && value.utf8.count <= 900
        return plain ? value : encodedWords(value)
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, folded onto continuation lines, each holding whole
    /// characters (RFC 2047 §§2, 5).
    static func encodedWords(_ text: String) -> String {
        // 45 bytes are 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72.
        let maxBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxBytes {
                words.append(chunk.encodedWord)
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk.encodedWord) }
        return words.joined(separator: "\r\n ")
    }

    /// One line of the body as quoted-printable (RFC 2045 §6.7): soft line breaks keep each line within 76
    /// characters, and a space or tab that ends the line is encoded so that no transport strips it.
    static func quotedPrintable(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var lines: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
            let token = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
            // A soft break costs a character (`=`), unless this token ends the line.
            if current.utf8.count + token.utf8.count > (isLast ? 76 : 75) {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// A header value on one line: a line break in it would start a header of its own.
    private static func singleLine(_ value: String) -> String {
        String(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension [UInt8] {
    fileprivate var encodedWord: String { "=?UTF-8?B?" + Data(self).base64EncodedString() + "?=" }
}
