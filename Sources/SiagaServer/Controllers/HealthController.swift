import Foundation
import Hummingbird
import Logging
import SiagaStore

/// `GET /health`: 200 when the process is up and the database answers (ready), 503 with the failing check
/// otherwise (the database unreachable, or its disk full so writes fail), so a load balancer stops sending traffic
/// to an instance that cannot store reports.
struct HealthController {
    let store: SQLStore

    struct Health: Encodable {
        var status: String
        var live: Bool
        var ready: Bool
        var checks: [String: String]
        var version: String
    }

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("health", use: health)
    }

    @Sendable func health(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        do {
            try await store.ping()
            return try .json(
                Health(status: "ok", live: true, ready: true, checks: ["database": "ok"], version: SiagaVersion.current)
            )
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            // A full disk: reads still answer, writes do not; not ready, so traffic goes to an instance that can store.
            let checks =
                error as? StoreError == .storageFull
                ? ["database": "ok", "storage": "full"] : ["database": "unreachable"]
            return try .json(
                Health(status: "unavailable", live: true, ready: false, checks: checks, version: SiagaVersion.current),
                status: .serviceUnavailable)
        }
    }
}

/// The version this build reports.
public enum SiagaVersion {
    public static let current = "0.1.0"
}
