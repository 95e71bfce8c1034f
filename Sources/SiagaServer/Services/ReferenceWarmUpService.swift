import Logging
import ServiceLifecycle
import SiagaStore

/// Builds the reference indexes (place search, regency boundaries, and the kecamatan boundaries of the provinces
/// the served regions lie in) at start-up, in the background, so the first call taker to search a place or locate
/// a caller after a restart does not wait for them.
struct ReferenceWarmUpService: Service {
    let store: SQLStore
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        let served = (try? await store.read { try await $0.regions() })?.map(\.code) ?? []
        await Task.detached(priority: .utility) {
            _ = try? ReferenceData.places()
            _ = try? ReferenceData.kabupaten()
            for region in served { _ = try? ReferenceData.kecamatan(of: region) }
            FreedMemory.returnToSystem()
        }.value
        logger.info(
            "reference data ready",
            metadata: [
                "seconds": "\(ContinuousClock.now - started)",
                "kecamatanProvinces": "\(ReferenceData.loadedKecamatanProvinces.joined(separator: " "))",
            ])
        try? await gracefulShutdown()
    }
}
