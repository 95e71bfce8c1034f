import Foundation

/// A notice as an Internet Message (RFC 5322, MIME 1.0): headers and a plain-text body with CRLF line endings and
/// no line over 998 octets, ready for DATA once dot-stuffed (`dataPayload`).
enum SMTPMessage {
    /// The domain of every Message-ID Siaga112 writes.
    static let messageIDDomain = "siaga112"

    /// The whole message for `notice`, sent by `fromName <from>` at `date`.
    static func render(_ notice: OutgoingNotice, from: String, fromName: String, date: Date) -> String {
        let (encoding, body) = encodedBody(body(of: notice))
        let headers = [
            "Date: " + dateHeader(date),
            "From: " + phrase(fromName) + " <" + from + ">",
            "To: " + notice.recipient,
            "Subject: " + unstructured(notice.subject),
            "Message-ID: " + messageID(for: notice.reference),
            // RFC 3834: keeps out-of-office replies away from the command center.
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: " + encoding,
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// The notice's text and, when the server has a public address, the link that acknowledges it.
    static func body(of notice: OutgoingNotice) -> String {
        guard let url = notice.acknowledgeURL else { return notice.text }
        return notice.text + "\n\nTerima (acknowledge): " + url
    }

    /// `<reference@siaga112>`: the reference made a valid message id (RFC 5322 §3.6.4), so a bounce or a reply
    /// that quotes it names the notice and the attempt.
    static func messageID(for reference: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+")
        var local = String(reference.map { allowed.contains($0) ? $0 : "_" })
        while local.contains("..") { local = local.replacingOccurrences(of: "..", with: "._") }
        local = local.trimmingCharacters(in: ["."])
        return "<" + (local.isEmpty ? "_" : local) + "@" + messageIDDomain + ">"
    }

    /// Whether `address` can go into MAIL FROM, RCPT TO and a header as it is: ASCII `local@domain` with nothing
    /// that would end a command or a header (no spaces, controls, angle brackets, commas or quotes).
    static func isAddress(_ address: String) -> Bool {
        let forbidden = Set("<>()[]\\,;:\"")
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.utf8.count <= 254
            && address.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }
            && !address.contains(where: forbidden.contains)
    }

    /// The message for DATA: every line that starts with a dot gets a second one (RFC 5321 §4.5.2), and the
    /// terminating `.` line follows.
    static func dataPayload(_ message: String) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(message.utf8.count + 16)
        var atLineStart = true
        for byte in message.utf8 {
            if atLineStart && byte == UInt8(ascii: ".") { payload.append(byte) }
            payload.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !atLineStart { payload.append(contentsOf: "\r\n".utf8) }
        payload.append(contentsOf: ".\r\n".utf8)
        return payload
    }

    /// The body with CRLF line endings, as 7bit when it is short-lined ASCII, else as quoted-printable (which any
    /// server carries, 8BITMIME or not).
    static func encodedBody(_ text: String) -> (encoding: String, body: String) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let plain = lines.allSatisfy { line in
            line.utf8.count <= 998 && line.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "\t" || $0.value >= 0x20) }
        }
        let encoded = plain ? lines : lines.map(quotedPrintable)
        return (plain ? "7bit" : "quoted-printable", encoded.joined(separator: "\r\n") + "\r\n")
    }
}
