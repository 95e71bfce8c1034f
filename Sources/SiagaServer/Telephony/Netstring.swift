/// Netstrings (`12:hello world!,`), the framing of kamailio's event API: each message is its length in decimal, a
/// colon, the bytes and a comma. A frame that breaks these rules leaves no way to find the next one, so the
/// connection is dropped and made again (the switch keeps what was not acknowledged).
struct NetstringDecoder {
    /// Larger messages are refused: the switch's are a few hundred bytes.
    static let maxLength = 65_536

    /// Why the stream cannot be read further.
    enum Failure: Error, Equatable {
        case badLength
        case tooLong(Int)
        case missingComma
    }

    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message, or nil until more bytes arrive.
    mutating func next() throws(Failure) -> [UInt8]? {
        var length = 0
        var index = start
        while index < buffer.count, buffer[index] != UInt8(ascii: ":") {
            let byte = buffer[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), index - start < 6 else { throw .badLength }
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        guard index < buffer.count else { return nil }
        guard index > start else { throw .badLength }
        guard length <= Self.maxLength else { throw .tooLong(length) }
        let payloadStart = index + 1
        guard buffer.count >= payloadStart + length + 1 else { return nil }
        guard buffer[payloadStart + length] == UInt8(ascii: ",") else { throw .missingComma }
        let payload = Array(buffer[payloadStart..<payloadStart + length])
        start = payloadStart + length + 1
        if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return payload
    }
}

enum Netstring {
    static func encode(_ payload: some Collection<UInt8>) -> [UInt8] {
        Array("\(payload.count):".utf8) + payload + [UInt8(ascii: ",")]
    }
}
