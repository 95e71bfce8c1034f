#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A port on loopback for a server that its clients will poll before it listens (the benchmark's servers, the
/// tests' processes).
///
/// It is below Linux's range for outgoing connections (32768–60999). Inside that range, a client retrying a port
/// where nothing listens yet is at times given that very port as its own and connects to itself (4 ports in 20
/// within 3,000 tries, measured), and the server then cannot bind it.
public enum LoopbackPort {
    /// A port in 20000–32000 that nothing holds now.
    public static func free() -> Int {
        while true {
            let port = Int.random(in: 20_000...32_000)
            if canBind(port) { return port }
        }
    }

    private static func canBind(_ port: Int) -> Bool {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
