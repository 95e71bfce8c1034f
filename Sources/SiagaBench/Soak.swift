import AsyncHTTPClient
import Foundation
import Synchronization

/// A soak of the server process holding a year of data: live consoles connected and four call takers' mixed
/// writes (nine calls to one incident) for `seconds`, its resident memory read every five seconds; and the memory
/// one connected console costs, from the resident size before and after the consoles connected.
struct Soak {
    struct Result: Codable {
        var seconds: Int
        var consoles: Int
        var writes: LoadGenerator.Result
        var deliveries: Int
        var dropped: Int
        var megabytesBeforeConsoles: Double
        var megabytesWithConsoles: Double
        var kilobytesPerConsole: Double
        /// Resident megabytes every five seconds of the soak.
        var samples: [Double]

        /// The mean of the samples in the first and in the last third: a leak shows as the last above the first.
        var firstThirdMegabytes: Double { Self.mean(samples.prefix(max(1, samples.count / 3))) }
        var lastThirdMegabytes: Double { Self.mean(samples.suffix(max(1, samples.count / 3))) }

        private static func mean(_ values: some Collection<Double>) -> Double {
            values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
    }

    private struct Measured: Sendable {
        var withConsoles = 0.0
        var writes: LoadGenerator.Result?
        var samples: [Double] = []
    }

    private final class Progress: Sendable {
        let measured = Mutex(Measured())
        let soaked = Atomic<Bool>(false)
    }

    static func run(
        server: ServerProcess, token: String, load: LoadGenerator, seconds: Int, consoles: Int = 100
    ) async -> Result {
        let before = server.residentMegabytes
        let progress = Progress()
        let pid = server.process.processIdentifier
        let resident: @Sendable () -> Double = { ServerProcess.residentMegabytes(of: pid) }
        let base = "http://127.0.0.1:\(server.port)"
        let write: @Sendable (Int) -> HTTPClientRequest = { serial in
            serial % 10 == 0
                ? BenchCommand.post(base + "/api/v1/incidents", token: token, body: BenchCommand.incident(serial))
                : BenchCommand.post(
                    base + "/api/v1/calls", token: token, body: BenchCommand.call(60_000_000 + serial))
        }
        let fan = await FanOut.run(consoles: consoles, ports: [server.port], token: token) {
            // The fan-out calls this once the consoles are ready, and once more to wake them at the end.
            guard !progress.soaked.exchange(true, ordering: .relaxed) else {
                _ = await load.run(clients: 1, requests: 1, makeRequest: write)
                return
            }
            try? await Task.sleep(for: .seconds(2))
            progress.measured.withLock { $0.withConsoles = resident() }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let writes = await load.run(clients: 4, duration: .seconds(seconds), makeRequest: write)
                    progress.measured.withLock { $0.writes = writes }
                }
                group.addTask {
                    for _ in 0..<(seconds / 5) {
                        try? await Task.sleep(for: .seconds(5))
                        let megabytes = resident()
                        progress.measured.withLock { $0.samples.append(megabytes) }
                    }
                }
            }
        }
        let result = progress.measured.withLock { $0 }
        return Result(
            seconds: seconds, consoles: consoles,
            writes: result.writes
                ?? LoadGenerator.Result(
                    clients: 4, requests: 0, errors: 0, seconds: 0, perSecond: 0, p50Milliseconds: 0,
                    p99Milliseconds: 0, p999Milliseconds: 0),
            deliveries: fan.deliveries, dropped: fan.disconnected, megabytesBeforeConsoles: before,
            megabytesWithConsoles: result.withConsoles,
            kilobytesPerConsole: (result.withConsoles - before) * 1024 / Double(consoles), samples: result.samples)
    }
}
