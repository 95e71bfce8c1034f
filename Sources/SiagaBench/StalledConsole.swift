import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A live console that completes the WebSocket handshake on a plain TCP socket and then stops reading, as a
/// frozen browser tab does: the server's writes back up through the kernel's buffers into its own queue for the
/// console. `drain()` later reads everything the server kept for it, to see whether the server dropped it.
final class StalledConsole: Sendable {
    /// What the console found when it read again.
    struct Outcome: Codable {
        /// The console completed the handshake.
        var connected = true
        /// Events received after `ready`, once the console read again.
        var events = 0
        /// Each event's id was greater than the one before.
        var inOrder = true
        /// The reason of a `disconnect` message, `tooSlow` when the server dropped the console for lag.
        var disconnectReason: String?
        /// The code of the server's close frame (4008 for a console dropped for lag).
        var closeCode: Int?
        /// Once the console read again, the connection ended (a close frame or the end of the stream) rather than
        /// going quiet.
        var closed = false
        /// The servers counted a console dropped for lag while it was stalled.
        var droppedForLag = false
        /// From connecting until it had read everything.
        var secondsUnread = 0.0
    }

    private let socket: Int32
    /// What arrived with the handshake's answer: the start of the stream after it.
    private let leftover: [UInt8]

    private init(socket: Int32, leftover: [UInt8]) {
        self.socket = socket
        self.leftover = leftover
    }

    deinit { close(socket) }

    /// Connects to the live feed on loopback `port`, upgrades, and stops reading.
    static func connect(port: Int, token: String) async throws -> StalledConsole {
        try await blocking {
            let socket = try openSocket(port: port)
            do {
                let request =
                    "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: c2lhZ2ExMTItYmVuY2gtMQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer \(token)\r\n\r\n"
                try sendAll(Array(request.utf8), on: socket)
                let leftover = try readHandshake(from: socket)
                return StalledConsole(socket: socket, leftover: leftover)
            } catch {
                close(socket)
                throw error
            }
        }
    }

    /// How long a stalled console is left unread: the server drops it for lag once its queue is full, and
    /// Hummingbird's WebSocket ping (every 30 s, unanswered by the next) closes it within about a minute; a little
    /// longer shows which came first.
    static let unreadFor: Duration = .seconds(75)

    /// Runs `write` again until `dropped()` or `unreadFor` has passed since `connected`, then drains.
    func drain(
        after connected: ContinuousClock.Instant, droppedIf dropped: () -> Bool, write: () async -> Void
    ) async -> Outcome {
        while !dropped(), ContinuousClock.now - connected < Self.unreadFor { await write() }
        var outcome = await drain()
        outcome.droppedForLag = dropped()
        outcome.secondsUnread = (ContinuousClock.now - connected).milliseconds / 1000
        return outcome
    }

    /// Reads until the server closes the connection or has sent nothing for `quiet`.
    func drain(quiet: Duration = .seconds(5)) async -> Outcome {
        let (socket, start) = (socket, leftover)
        let outcome = try? await Self.blocking { Self.read(socket, after: start, quiet: quiet) }
        return outcome ?? Outcome(connected: false)
    }

    private static func read(_ socket: Int32, after start: [UInt8], quiet: Duration) -> Outcome {
        var frames = WebSocketFrameReader(bytes: start)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var quietSince = ContinuousClock.now
        while !frames.closed, ContinuousClock.now - quietSince < quiet {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                frames.append(buffer[0..<count])
                quietSince = .now
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return frames.outcome(endOfStream: true)
            }
        }
        return frames.outcome(endOfStream: false)
    }

    /// Runs blocking socket calls off the cooperative threads.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    private static func openSocket(port: Int) throws -> Int32 {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw StalledConsoleError.socket(errno) }
        // Reads wake up every 200 ms, so a drain notices a quiet server.
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                posixConnect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw StalledConsoleError.socket(errno)
        }
        return socket
    }

    private static func sendAll(_ bytes: [UInt8], on socket: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { throw StalledConsoleError.socket(errno) }
            offset += sent
        }
    }

    /// Reads the `101 Switching Protocols` answer; returns the bytes after it.
    private static func readHandshake(from socket: Int32) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(10)
        let end = Array("\r\n\r\n".utf8)
        while ContinuousClock.now < deadline {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            if count > 0 { received += buffer[0..<count] }
            guard let headerEnd = received.firstRange(of: end) else { continue }
            guard received.starts(with: Array("HTTP/1.1 101".utf8)) else {
                throw StalledConsoleError.notUpgraded(
                    String(decoding: received[..<headerEnd.lowerBound], as: UTF8.self))
            }
            return Array(received[headerEnd.upperBound...])
        }
        throw StalledConsoleError.notUpgraded(String(decoding: received, as: UTF8.self))
    }
}

private func posixConnect(_ socket: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
        Glibc.connect(socket, address, length)
    #else
        Darwin.connect(socket, address, length)
    #endif
}

enum StalledConsoleError: Error {
    case socket(Int32)
    case notUpgraded(String)
}

extension FanOut.Result {
    /// The bench table's row for a fan-out with a stalled console, against the same fan-out without it.
    func stalledRow(against base: FanOut.Result) -> String {
        let number = BenchCommand.number
        let ratios = [
            (p50Milliseconds, base.p50Milliseconds), (p99Milliseconds, base.p99Milliseconds),
            (maxMilliseconds, base.maxMilliseconds),
        ].map { number($0 / max($1, 0.001), 2) + "×" }
        let stalledOne = stalled?.summary ?? words("tidak diukur", "not measured")
        return words(
            "| umpan langsung, \(consoles) konsol dan 1 yang berhenti membaca, 4 penulis selama \(number(writeSeconds, 0)) s | \(deliveries) kiriman ke konsol lain: p50 \(number(p50Milliseconds, 1)) ms, p99 \(number(p99Milliseconds, 1)) ms, maks \(number(maxMilliseconds, 1)) ms; \(disconnected) di antaranya diputus; yang macet: \(stalledOne) | \(base.consoles) konsol saja: p50 \(number(base.p50Milliseconds, 1)) ms, p99 \(number(base.p99Milliseconds, 1)) ms, maks \(number(base.maxMilliseconds, 1)) ms | p50 \(ratios[0]), p99 \(ratios[1]), maks \(ratios[2]) |",
            "| live feed, \(consoles) consoles and 1 that stopped reading, 4 writers for \(number(writeSeconds, 0)) s | \(deliveries) deliveries to the others: p50 \(number(p50Milliseconds, 1)) ms, p99 \(number(p99Milliseconds, 1)) ms, max \(number(maxMilliseconds, 1)) ms; \(disconnected) of them dropped; the stalled one: \(stalledOne) | \(base.consoles) consoles alone: p50 \(number(base.p50Milliseconds, 1)) ms, p99 \(number(base.p99Milliseconds, 1)) ms, max \(number(base.maxMilliseconds, 1)) ms | p50 \(ratios[0]), p99 \(ratios[1]), max \(ratios[2]) |"
        )
    }
}

extension StalledConsole.Outcome {
    /// What became of the stalled console, in words.
    var summary: String {
        guard connected else { return words("tidak dapat tersambung", "could not connect") }
        let code = closeCode.map(String.init) ?? words("tanpa kode", "without a code")
        let ending =
            switch (disconnectReason, closed) {
            case (let reason?, true):
                words(
                    "lalu `disconnect` (\(reason)) dan ditutup \(code)",
                    "then `disconnect` (\(reason)) and close \(code)")
            case (let reason?, false):
                words(
                    "lalu `disconnect` (\(reason)) tetapi koneksi tetap terbuka",
                    "then `disconnect` (\(reason)) but the connection stayed open")
            case (nil, true):
                words("lalu ditutup \(code) tanpa `disconnect`", "then a close \(code) with no `disconnect`")
            case (nil, false):
                words("dan tidak ada `disconnect` maupun penutupan", "and neither `disconnect` nor a close")
            }
        let counted =
            droppedForLag
            ? words("terhitung diputus karena tertinggal", "counted as dropped for lag")
            : words("tidak terhitung diputus karena tertinggal", "not counted as dropped for lag")
        let unread = BenchCommand.number(secondsUnread, 0)
        return words(
            "\(counted); dibaca lagi setelah \(unread) s: \(events) event (berurutan: \(inOrder)), \(ending)",
            "\(counted); read again after \(unread) s: \(events) events (in order: \(inOrder)), \(ending)")
    }
}
