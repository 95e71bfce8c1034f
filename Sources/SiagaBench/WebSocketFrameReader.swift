import Foundation

/// Reads the live feed's frames from a server's raw byte stream (unmasked, as servers send them) and keeps what
/// a stalled console needs to know: the events after `ready`, their order, a `disconnect`, and the close frame.
struct WebSocketFrameReader {
    private var pending: [UInt8]
    private(set) var closed = false
    private var closeCode: Int?
    private var ready = false
    private var events = 0
    private var lastEventID: Int64 = -1
    private var inOrder = true
    private var disconnectReason: String?

    init(bytes: [UInt8]) {
        pending = bytes
        parse()
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        parse()
    }

    func outcome(endOfStream: Bool) -> StalledConsole.Outcome {
        StalledConsole.Outcome(
            events: events, inOrder: inOrder, disconnectReason: disconnectReason, closeCode: closeCode,
            closed: closed || endOfStream)
    }

    private mutating func parse() {
        var offset = 0
        while let (opcode, payload, next) = Self.frame(in: pending, at: offset) {
            offset = next
            switch opcode {
            case 0x1: read(String(decoding: payload, as: UTF8.self))
            case 0x8:
                closed = true
                let code = Array(payload.prefix(2))
                if code.count == 2 { closeCode = Int(code[0]) << 8 | Int(code[1]) }
            default: break  // pings and pongs
            }
        }
        pending.removeFirst(offset)
    }

    private mutating func read(_ text: String) {
        if text.contains(#""type":"ready""#) { ready = true }
        if text.contains(#""type":"disconnect""#) {
            disconnectReason = Self.field("reason", in: text) ?? ""
        }
        guard ready, text.contains(#""type":"event""#), let id = Self.field("eventId", in: text).flatMap(Int64.init)
        else { return }
        events += 1
        if id <= lastEventID { inOrder = false }
        lastEventID = id
    }

    /// The frame starting at `offset`: its opcode, payload and where the next frame starts; nil when incomplete.
    private static func frame(in bytes: [UInt8], at offset: Int) -> (UInt8, ArraySlice<UInt8>, Int)? {
        guard bytes.count - offset >= 2 else { return nil }
        let opcode = bytes[offset] & 0x0F
        var length = Int(bytes[offset + 1] & 0x7F)
        var start = offset + 2
        if length >= 126 {
            let size = length == 126 ? 2 : 8
            guard bytes.count >= start + size else { return nil }
            length = bytes[start..<start + size].reduce(0) { $0 << 8 | Int($1) }
            start += size
        }
        guard bytes.count >= start + length else { return nil }
        return (opcode, bytes[start..<start + length], start + length)
    }

    /// A string field's value in a JSON message: `"name":"value"`.
    static func field(_ name: String, in text: String) -> String? {
        guard let range = text.range(of: "\"\(name)\":\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
