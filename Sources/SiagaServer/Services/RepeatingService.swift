import Logging
import ServiceLifecycle

/// Runs one round of background work every `interval` until the server shuts down: automatic closing, the SLA
/// engine. A failed round is logged and the next one tries again; a round that did something says how much.
struct RepeatingService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    /// One round; returns how many things it did.
    let round: @Sendable () async throws -> Int

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let count = try await round()
                    if count > 0 { logger.info("\(name): done", metadata: ["count": "\(count)"]) }
                } catch {
                    logger.error("\(name): failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
