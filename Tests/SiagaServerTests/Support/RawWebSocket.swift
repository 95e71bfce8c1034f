import Foundation
import HTTPTypes

#if canImport(Glibc)
    import Glibc
#endif

/// A WebSocket handshake over a plain socket, reading whatever the server sends until it closes: for refusals,
/// where the server answers the upgrade, says why and closes at once. (The WebSocket client library can miss
/// frames that arrive in the same read as its `101`, as a browser does not.)
enum RawWebSocket {
    struct Answer {
        /// The handshake's status line, e.g. `HTTP/1.1 101 Switching Protocols`.
        var statusLine: String
        var texts: [String]
        var closeCode: UInt16?
    }

    static func open(port: Int, path: String = "/api/v1/live", headers: HTTPFields) throws -> Answer {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for field in headers { request += "\(field.name.rawName): \(field.value)\r\n" }
        request += "\r\n"
        _ = request.utf8CString.withUnsafeBufferPointer { send(descriptor, $0.baseAddress, $0.count - 1, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return parse(received)
    }

    /// The status line, then unmasked server frames: text frames and the close frame's code.
    static func parse(_ bytes: [UInt8]) -> Answer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator })
        else { return Answer(statusLine: String(decoding: bytes, as: UTF8.self), texts: [], closeCode: nil) }
        let head = String(decoding: bytes[0..<end], as: UTF8.self)
        var answer = Answer(statusLine: head.components(separatedBy: "\r\n")[0], texts: [], closeCode: nil)
        var index = end + 4
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            index += 2
            if length == 126, index + 2 <= bytes.count {
                length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
                index += 2
            } else if length == 127 {
                break
            }
            guard index + length <= bytes.count else { break }
            let payload = Array(bytes[index..<(index + length)])
            index += length
            if opcode == 1 { answer.texts.append(String(decoding: payload, as: UTF8.self)) }
            if opcode == 8, payload.count >= 2 { answer.closeCode = UInt16(payload[0]) << 8 | UInt16(payload[1]) }
        }
        return answer
    }
}
