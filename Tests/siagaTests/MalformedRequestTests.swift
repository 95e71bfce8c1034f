import Foundation
import SiagaServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Requests HTTP/1.1 cannot parse, sent to the real server over a plain socket.
@Suite("Malformed HTTP")
struct MalformedRequestTests {
    /// Sends `bytes` on a new connection and returns what the server answered before closing, or after `timeout`
    /// seconds.
    static func exchange(_ bytes: [UInt8], port: Int, timeout: Int = 5) throws -> (answer: String, closed: Bool) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (String(decoding: answer, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: answer, as: UTF8.self), false) }
            answer += buffer[0..<count]
        }
    }

    @Test("A first request with a control character in a header, or a space in a header's name, gets 400 and a close")
    func malformedFirstRequest() async throws {
        let database = SiagaProcess.temporaryDatabase()
        let port = LoopbackPort.free()
        let server = try await SiagaProcess.serve(database: database, port: port)
        defer {
            server.terminate()
            SiagaProcess.remove(database)
        }
        for request in [
            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n",
            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n",
            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/health HTTP/1.1\r\nX-A: a\u{0}b\r\n\r\n",
        ] {
            let (answer, closed) = try Self.exchange(Array(request.utf8), port: port)
            #expect(
                answer.hasSuffix("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                    || answer.contains("400 Bad Request"), "\(request.debugDescription): \(answer.debugDescription)")
            #expect(closed, "the connection stays open after \(request.debugDescription)")
        }
        let (healthy, _) = try Self.exchange(
            Array("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), port: port)
        #expect(healthy.hasPrefix("HTTP/1.1 200 OK"))
    }
}
