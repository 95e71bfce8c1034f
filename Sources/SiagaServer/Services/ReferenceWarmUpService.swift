import Logging
import ServiceLifecycle

/// Builds the reference indexes (place search, regency and kecamatan boundaries) at start-up, in the background,
/// so the first call taker to search a place after a restart does not wait for them.
struct ReferenceWarmUpService: Service {
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        await Task.detached(priority: .utility) {
            _ = try? ReferenceData.places()
            _ = try? ReferenceData.kabupaten()
            _ = try? ReferenceData.kecamatan()
        }.value
        logger.info("reference data ready", metadata: ["seconds": "\(ContinuousClock.now - started)"])
        try? await gracefulShutdown()
    }
}
