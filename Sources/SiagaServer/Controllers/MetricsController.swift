import Hummingbird
import NIOCore
import Prometheus
import SiagaCore

/// `GET /metrics`: the Prometheus text exposition, for a token with `metrics.read` (or a national admin).
struct MetricsController {
    let openIncidents: OpenIncidentsGauge

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("metrics", .metricsRead, use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: AuthorizedContext) async throws -> Response {
        try context.authorize(.metricsRead, .allRegions)
        try await openIncidents.sample()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
    }
}
