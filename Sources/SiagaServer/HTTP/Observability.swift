import Metrics
public import Prometheus
import Synchronization

/// The server's Prometheus metrics: HTTP latency (Hummingbird's metrics middleware), open incidents by priority,
/// SLA breaches, connected consoles and database latency, served at `/metrics`.
public enum Observability {
    /// Where every metric of this process is collected.
    public static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped = Mutex(false)

    /// Sends swift-metrics to the Prometheus registry. Safe to call more than once; must come before the store
    /// and the server are built, since metric handles bind to the factory when they are made.
    public static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            // Prometheus names allow letters, digits and underscores: `http.server.request.duration` becomes
            // `http_server_request_duration`.
            factory.nameAndLabelSanitizer = { name, labels in
                (sanitize(name), labels.map { (sanitize($0.0), $0.1) })
            }
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }

    private static func sanitize(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }
}
