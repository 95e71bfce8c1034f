/// Cuts the byte stream from the SMSC into whole PDUs by their `command_length`. A length out of range leaves no way
/// to find the next PDU, so the connection is dropped and made again.
struct SMPPFrameDecoder {
    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole PDU, or nil until more bytes arrive.
    mutating func next() throws(SMPPPDUError) -> [UInt8]? {
        guard buffer.count - start >= 4 else { return nil }
        let length = buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
        guard (SMPPPDU.headerLength...SMPPPDU.maxLength).contains(length) else { throw .lengthOutOfRange(length) }
        guard buffer.count - start >= length else { return nil }
        let frame = Array(buffer[start..<start + length])
        start += length
        if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return frame
    }
}
