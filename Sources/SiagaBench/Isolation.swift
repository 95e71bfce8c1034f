import AsyncHTTPClient

/// Intake isolation: emergency intake from `emergencyClients` clients alone, then the same clients while a flood
/// of non-emergency (prank) calls runs at `floodFactor` times the emergency rate measured alone, paced over
/// `floodClients` clients. A server that isolates emergencies keeps their p99 near the one measured alone.
struct Isolation {
    struct Result: Codable {
        /// Incidents from the emergency clients on an otherwise idle server.
        var alone: LoadGenerator.Result
        /// The same clients during the flood.
        var withFlood: LoadGenerator.Result
        /// The prank calls of the flood, as the server absorbed them.
        var flood: LoadGenerator.Result
        /// The rate the flood was paced at: `floodFactor` times `alone.perSecond`.
        var floodTargetPerSecond: Double
        /// `withFlood.p99Milliseconds / alone.p99Milliseconds`.
        var p99Ratio: Double
        /// Emergencies back to back from `steadyClients` clients, the writer never idle…
        var steadyEmergencies: LoadGenerator.Result?
        /// …and a few routine writes (prank calls) meanwhile: how long a routine write waits behind them.
        var routineDuringSteady: LoadGenerator.Result?
    }

    static let emergencyClients = 4
    static let floodClients = 32
    static let floodFactor = 10.0
    /// Emergencies back to back while a routine write waits: what once held a sign-in for the whole burst.
    static let steadyClients = 8
    static let routineClients = 2
    static let routineInterval: Duration = .milliseconds(100)

    /// `incident(serial)` and `call(serial)` make the two kinds of request.
    static func run(
        load: LoadGenerator, duration: Duration, incident: @escaping @Sendable (Int) -> HTTPClientRequest,
        call: @escaping @Sendable (Int) -> HTTPClientRequest
    ) async -> Result {
        let alone = await load.run(clients: emergencyClients, duration: duration, makeRequest: incident)
        let target = floodFactor * alone.perSecond
        let interval = Duration.seconds(Double(floodClients) / max(target, 1))
        async let flood = load.run(clients: floodClients, duration: duration, interval: interval, makeRequest: call)
        let withFlood = await load.run(clients: emergencyClients, duration: duration, makeRequest: incident)
        var result = Result(
            alone: alone, withFlood: withFlood, flood: await flood, floodTargetPerSecond: target,
            p99Ratio: withFlood.p99Milliseconds / max(alone.p99Milliseconds, 0.001))
        async let routine = load.run(
            clients: routineClients, duration: duration, interval: routineInterval, makeRequest: call)
        result.steadyEmergencies = await load.run(clients: steadyClients, duration: duration, makeRequest: incident)
        result.routineDuringSteady = await routine
        return result
    }
}

extension Isolation.Result {
    /// Rows of the bench table.
    var rows: [String] {
        let number = BenchCommand.number
        return [
            words(
                "| kejadian per detik, \(alone.clients) klien, saat banjir panggilan iseng | \(number(withFlood.perSecond, 0)) (p50 \(number(withFlood.p50Milliseconds, 1)), p99 \(number(withFlood.p99Milliseconds, 1)) ms; \(withFlood.errors) galat) | tanpa banjir: \(number(alone.perSecond, 0)) (p50 \(number(alone.p50Milliseconds, 1)), p99 \(number(alone.p99Milliseconds, 1)) ms; \(alone.errors) galat) | p99 \(number(p99Ratio, 2))× tanpa banjir; throughput \(number(withFlood.perSecond / max(alone.perSecond, 1), 2)) dari tanpa banjir |",
                "| incidents per second, \(alone.clients) clients, during a flood of prank calls | \(number(withFlood.perSecond, 0)) (p50 \(number(withFlood.p50Milliseconds, 1)), p99 \(number(withFlood.p99Milliseconds, 1)) ms; \(withFlood.errors) errors) | alone: \(number(alone.perSecond, 0)) (p50 \(number(alone.p50Milliseconds, 1)), p99 \(number(alone.p99Milliseconds, 1)) ms; \(alone.errors) errors) | p99 \(number(p99Ratio, 2))× alone; throughput \(number(withFlood.perSecond / max(alone.perSecond, 1), 2)) of alone |"
            ),
            words(
                "| banjirnya: panggilan iseng per detik, \(flood.clients) klien dengan laju tetap | \(number(flood.perSecond, 0)) (p50 \(number(flood.p50Milliseconds, 1)), p99 \(number(flood.p99Milliseconds, 1)) ms; \(flood.errors) galat) | laju tetap \(number(floodTargetPerSecond, 0)) (\(number(Isolation.floodFactor, 0))× kejadian tanpa banjir) | \(number(flood.perSecond / max(floodTargetPerSecond, 1), 2)) dari laju tetap |",
                "| the flood: prank calls per second, \(flood.clients) paced clients | \(number(flood.perSecond, 0)) (p50 \(number(flood.p50Milliseconds, 1)), p99 \(number(flood.p99Milliseconds, 1)) ms; \(flood.errors) errors) | paced at \(number(floodTargetPerSecond, 0)) (\(number(Isolation.floodFactor, 0))× incidents alone) | \(number(flood.perSecond / max(floodTargetPerSecond, 1), 2)) of the paced rate |"
            ),
        ] + steadyRows
    }

    private var steadyRows: [String] {
        guard let steady = steadyEmergencies, let routine = routineDuringSteady else { return [] }
        let number = BenchCommand.number
        return [
            words(
                "| penulisan rutin (panggilan iseng, \(routine.clients) klien tiap \(Isolation.routineInterval)) selagi \(steady.clients) klien membuka kejadian tanpa jeda | p50 \(number(routine.p50Milliseconds, 1)), p99 \(number(routine.p99Milliseconds, 1)) ms, p99.9 \(number(routine.p999Milliseconds, 1)) ms; \(routine.errors) galat (kejadian: \(number(steady.perSecond, 0))/s, p99 \(number(steady.p99Milliseconds, 1)) ms) | batas: 1.000 ms | p99 \(number(routine.p99Milliseconds / 1000, 2)) dari batas |",
                "| routine writes (prank calls, \(routine.clients) clients every \(Isolation.routineInterval)) while \(steady.clients) clients open incidents back to back | p50 \(number(routine.p50Milliseconds, 1)), p99 \(number(routine.p99Milliseconds, 1)) ms, p99.9 \(number(routine.p999Milliseconds, 1)) ms; \(routine.errors) errors (incidents: \(number(steady.perSecond, 0))/s, p99 \(number(steady.p99Milliseconds, 1)) ms) | the bound: 1,000 ms | p99 \(number(routine.p99Milliseconds / 1000, 2)) of the bound |"
            )
        ]
    }
}
