import Foundation

/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and the text of each of its lines.
struct SMTPReply: Sendable, Hashable {
    var code: Int
    /// The text after the code on each line, in order; a multi-line reply (`250-…`) has several.
    var lines: [String]

    /// 2yz: the command succeeded.
    var isCompletion: Bool { (200..<300).contains(code) }
    /// 3yz: the server waits for more (354 after DATA, 334 during AUTH).
    var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4yz: try again later.
    var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5yz: the server will not do it.
    var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The reply on one line, for a log or an error: `550 5.1.1 No such user`.
    var text: String { ([String(code)] + lines.filter { !$0.isEmpty }).joined(separator: " ") }

    /// The server's queue id in its reply to the message, where the server names one: Postfix's `queued as 4B1C2`,
    /// Exim's `id=1qX4-0007`, sendmail's `2.0.0 3AB1Cd Message accepted for delivery`.
    var queueID: String? {
        let words = lines.joined(separator: " ").split(separator: " ").map(String.init)
        let lowered = words.map { $0.lowercased() }
        func position(of phrase: [String]) -> Int? {
            lowered.indices.first { lowered[$0...].starts(with: phrase) }
        }
        if let queued = position(of: ["queued", "as"]), queued + 2 < words.count {
            return Self.trimmed(words[queued + 2])
        }
        if let id = lowered.firstIndex(where: { $0.hasPrefix("id=") }) {
            return Self.trimmed(String(words[id].dropFirst(3)))
        }
        if let accepted = position(of: ["message", "accepted"]), accepted > 0,
            !Self.isEnhancedStatus(words[accepted - 1])
        {
            return Self.trimmed(words[accepted - 1])
        }
        return nil
    }

    private static func trimmed(_ word: String) -> String? {
        let id = word.trimmingCharacters(in: .init(charactersIn: "<>()[],;.:"))
        return id.isEmpty ? nil : id
    }

    /// `2.0.0`: RFC 3463's class.subject.detail, which comes before the text and is no id.
    private static func isEnhancedStatus(_ word: String) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}

/// Reads replies from the bytes a server sends, however they arrive: split across reads or several to a read.
struct SMTPReplyReader {
    enum Failure: Error, Hashable {
        /// A line that is no reply line, or a multi-line reply whose codes differ.
        case malformed(String)
        /// A line or a reply far longer than any server sends.
        case tooLong
    }

    /// RFC 5321 allows 512 bytes; some servers send longer lines.
    static let maxLineLength = 4096
    static let maxLines = 200

    private var buffer: [UInt8] = []
    private var pending: SMTPReply?

    /// Whether nothing is left over: after the reply to STARTTLS anything more was sent in clear, before the
    /// handshake, and must not be read as if it came over TLS.
    var isEmpty: Bool { buffer.isEmpty && pending == nil }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole reply, or `nil` until more bytes arrive.
    mutating func next() throws(Failure) -> SMTPReply? {
        while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = buffer[..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            buffer.removeSubrange(...end)
            guard line.count <= Self.maxLineLength else { throw .tooLong }
            if let reply = try read(String(decoding: line, as: UTF8.self)) { return reply }
        }
        guard buffer.count <= Self.maxLineLength else { throw .tooLong }
        return nil
    }

    /// Adds one line to the reply under way; returns the reply once this was its last line.
    private mutating func read(_ line: String) throws(Failure) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
            let code = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(code)
        else { throw .malformed(line) }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { throw .malformed(line) }
        var reply = pending ?? SMTPReply(code: code, lines: [])
        guard reply.code == code else { throw .malformed(line) }
        guard reply.lines.count < Self.maxLines else { throw .tooLong }
        reply.lines.append(String(decoding: bytes.dropFirst(4), as: UTF8.self))
        if separator == UInt8(ascii: "-") {
            pending = reply
            return nil
        }
        pending = nil
        return reply
    }
}

/// What a server offers in its reply to EHLO (RFC 5321 §4.1.1.1): one extension per line after the first.
struct SMTPCapabilities: Sendable, Hashable {
    /// Each extension's keyword, upper case, and its parameters.
    var extensions: [String: [String]]

    /// A server that answered HELO, not EHLO, offers no extensions.
    static let none = SMTPCapabilities(extensions: [:])

    init(extensions: [String: [String]]) {
        self.extensions = extensions
    }

    init(ehlo reply: SMTPReply) {
        var extensions: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            // Some servers still send the pre-standard `AUTH=LOGIN PLAIN` as well.
            let standard = line.uppercased().hasPrefix("AUTH=") ? "AUTH " + line.dropFirst(5) : line
            let words = standard.split(separator: " ").map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            extensions[keyword, default: []].append(contentsOf: words.dropFirst().map { $0.uppercased() })
        }
        self.extensions = extensions
    }

    var offersStartTLS: Bool { extensions["STARTTLS"] != nil }
    /// The SASL mechanisms the server offers, upper case.
    var authMechanisms: Set<String> { Set(extensions["AUTH"] ?? []) }
}
