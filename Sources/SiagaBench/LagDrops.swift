import Prometheus
import SiagaServer

/// Live consoles the servers of this process have dropped for lag so far, read from their metrics
/// (`siaga_live_disconnects_for_lag_total`); needs `Observability.bootstrap()` before the servers are built.
enum LagDrops {
    static func count() -> Int {
        let text = String(decoding: Observability.registry.emitToBuffer(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("siaga_live_disconnects_for_lag_total ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }
}
