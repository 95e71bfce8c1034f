import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A `siaga serve` child process, as a region runs it: for the time from start (or from restart after SIGKILL)
/// to ready, and the server's own resident memory.
struct ServerProcess {
    let process: Process
    let port: Int
    /// Seconds from launching the process to its first healthy answer.
    let secondsToReady: Double

    /// Starts `siaga serve` on `database` and waits, bounded, for `/api/v1/health` to answer 200.
    static func start(database: String, port: Int, client: HTTPClient) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = ["serve", "--database", database, "--port", String(port), "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let launched = clock.now
        try process.run()
        for _ in 0..<6000 {
            if let response = try? await client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/health"), timeout: .seconds(2)),
                response.status == .ok
            {
                return ServerProcess(
                    process: process, port: port, secondsToReady: (clock.now - launched).milliseconds / 1000)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw BenchFailure(
            words(
                "siaga serve pada \(database) tidak kunjung siap", "siaga serve on \(database) did not become ready"))
    }

    /// The server's resident memory, from /proc.
    var residentMegabytes: Double { Self.residentMegabytes(of: process.processIdentifier) }

    static func residentMegabytes(of pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// Kills the server at once, as a power cut or the OOM killer would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// This executable: the bench measures the build it belongs to.
    private static func executable() throws -> String {
        guard let path = Bundle.main.executablePath ?? CommandLine.arguments.first else {
            throw BenchFailure(words("program siaga tidak ditemukan", "cannot find the siaga executable"))
        }
        return path
    }
}

/// A bench measurement that could not be taken.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
