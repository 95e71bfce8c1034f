import Foundation
import Hummingbird
import Logging
import SiagaStore

/// `GET /health`: 200 when the process is up and the database answers (ready), 503 with the failing check
/// otherwise, so a load balancer stops sending traffic to an instance that cannot store reports.
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
            return try .json(
                Health(
                    status: "unavailable", live: true, ready: false, checks: ["database": "unreachable"],
                    version: SiagaVersion.current),
                status: .serviceUnavailable)
        }
    }
}

/// The version this build reports.
public enum SiagaVersion {
    public static let current = "0.1.0"
}
