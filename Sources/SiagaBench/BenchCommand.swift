public import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga bench`: measures this build on this machine, each figure against a baseline measured in the same run,
/// and prints a table (and writes JSON). Build with `-c release` for figures worth comparing.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: words(
            "Ukur penerimaan, penentuan lokasi, dan jejak sumber daya terhadap pembanding dari proses yang sama.",
            "Measure intake, location and footprint against baselines from the same run."))

    @Option(
        name: .long,
        help: .words("Lama setiap pengukuran HTTP, dalam detik.", "Seconds for each timed HTTP measurement."))
    var seconds = 5

    @Option(
        name: .long, parsing: .upToNextOption,
        help: .words("Jumlah klien serentak untuk pengukuran.", "Concurrent clients to measure with."))
    var clients: [Int] = [1, 64]

    @Option(
        name: .long,
        help: .words(
            "Ukur pada PostgreSQL di URL server ini (bench membuat dan menghapus basis datanya sendiri).",
            "Measure on PostgreSQL at this server URL (the bench creates and drops its own database)."))
    var postgres: String?

    @Option(
        name: .long,
        help: .words(
            "Jumlah instance server yang berbagi basis data (hanya PostgreSQL).",
            "Server instances sharing the database (PostgreSQL only)."))
    var instances = 1

    @Option(
        name: .long, help: .words("Berkas tempat hasil ditulis sebagai JSON.", "Where to write the results as JSON."))
    var json = "bench-results.json"

    @Option(
        name: .long,
        help: ArgumentHelp(
            words(
                "Ukur hanya laporan, waktu mulai, memori, dan ukuran pada berkas SQLite berisi panggilan sintetis ini.",
                "Measure only the reports, start-up, memory and size on this SQLite file of synthetic traffic."),
            discussion: words(
                "Buat dulu dengan: siaga simulate --database FILE (bawaan: setahun data 35.15).",
                "Make it first with: siaga simulate --database FILE (a year of 35.15 by default).")))
    var year: String?

    @Option(
        name: .long,
        help: .words(
            "Dengan --year: lama uji ketahanan dalam detik, dengan 100 konsol dan empat penulis.",
            "With --year: seconds of the soak with 100 consoles and four writers."))
    var soak = 120

    @Option(
        name: .long,
        help: .words(
            "Bandingkan setiap angka dengan hasil bench sebelumnya (JSON) dan cetak rasionya.",
            "Compare each figure with an earlier bench result (JSON) and print their ratios."))
    var compare: String?

    @Option(
        name: .long,
        help: .words(
            "Dengan --compare: bandingkan hasil ini (JSON) tanpa mengukur lagi.",
            "With --compare: compare this result (JSON) without measuring again."))
    var against: String?

    public func validate() throws {
        if against != nil, compare == nil {
            throw ValidationError(words("--against perlu --compare.", "--against needs --compare."))
        }
    }

    struct Results: Codable {
        var build: String
        var cores: Int
        var database = ""
        var referenceWarmUpSeconds: Double
        var regionLookupsIndexed: BenchmarkKernels.Rate
        var regionLookupsScan: BenchmarkKernels.Rate
        var regionLookupsAgree: Bool
        var placeSearchMilliseconds: [String: Double]
        /// The same keystrokes searched the straightforward way (``NaivePlaceSearch``), in the same run.
        var placeSearchNaiveMilliseconds: [String: Double]?
        var placeSearchAgree: Bool?
        var rawCommitsPerSecond: Double
        var bareRoute: [LoadGenerator.Result] = []
        var callIntake: [LoadGenerator.Result] = []
        var incidentIntake: [LoadGenerator.Result] = []
        var fanOut: [FanOut.Result] = []
        /// 100 consoles and one more that stopped reading, against `fanOut[0]`.
        var fanOutWithStalledConsole: FanOut.Result?
        var isolation: Isolation.Result?
        var catchUp: CatchUp.Result?
        var residentMegabytesIdle: Double = 0
        var residentMegabytesAfter: Double = 0
    }

    public init() {}

    public func run() async throws {
        var logger = Logger(label: "siaga.bench")
        logger.logLevel = .error
        if let compare, let against { return try printComparison(base: compare, now: against) }
        if let year {
            try await measureYear(year, logger: logger)
        } else {
            try await measureServer(logger: logger)
        }
        if let compare { try printComparison(base: compare, now: json) }
    }

    private func printComparison(base: String, now: String) throws {
        let rows = BenchComparison.rows(base: try BenchComparison.load(base), now: try BenchComparison.load(now))
        print(BenchComparison.table(rows, base: URL(fileURLWithPath: base).lastPathComponent))
    }

    private func measureServer(logger: Logger) async throws {
        // As `siaga serve` does; the stalled-console measurement reads the servers' count of consoles dropped.
        Observability.bootstrap()
        print(words("Mengukur data referensi…", "Measuring reference data…"))
        let warmUp = try BenchmarkKernels.warmUp()
        let lookups = try BenchmarkKernels.regionLookups(count: 200_000)
        let typing = try BenchmarkKernels.placeSearchLatencies(
            names: ["pepelegi", "sidoarjo", "tulangan", "krembung", "tanggulangin", "sedati", "wonoayu", "larangan"])
        let (indexed, naive) = (typing.indexed.sorted(), typing.naive.sorted())
        var results = Results(
            build: Self.build, cores: ProcessInfo.processInfo.activeProcessorCount, referenceWarmUpSeconds: warmUp,
            regionLookupsIndexed: lookups.indexed, regionLookupsScan: lookups.scan, regionLookupsAgree: lookups.agreed,
            placeSearchMilliseconds: ["p50": Self.percentile(indexed, 50), "p99": Self.percentile(indexed, 99)],
            placeSearchNaiveMilliseconds: ["p50": Self.percentile(naive, 50), "p99": Self.percentile(naive, 99)],
            placeSearchAgree: typing.agreed, rawCommitsPerSecond: 0)

        print(words("Mengisi wilayah demo…", "Seeding the demo regions…"))
        let target = try await BenchTarget.start(postgres: postgres, instances: instances, logger: logger)
        results.database = target.label
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 128)))
        do {
            print(words("Mengukur laju commit mentah…", "Measuring the raw commit rate…"))
            results.rawCommitsPerSecond = try await target.stores[0].measureRawCommits(for: .seconds(seconds))
            for port in target.ports { try await Self.waitUntilReady(client, port: port) }
            // The server gives back what building its reference indexes freed once they are built; the bench's own
            // kernels (the straightforward place search) freed more, given back the same way.
            FreedMemory.returnToSystem()
            results.residentMegabytesIdle = Self.residentMegabytes()
            try await measureHTTP(target, client: client, into: &results)
            results.residentMegabytesAfter = Self.residentMegabytes()
        } catch {
            try? await client.shutdown()
            await target.stop()
            throw error
        }
        try await client.shutdown()
        await target.stop()

        print(Self.table(results))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: json))
        print(words("Hasil ditulis ke \(json).", "Results written to \(json)."))
    }

    private func measureYear(_ path: String, logger: Logger) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: YearOfData.Result
        do {
            result = try await YearOfData.run(database: path, soakSeconds: soak, client: client, logger: logger)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            ([
                words(
                    "Bench Siaga112, setahun data (build \(Self.build), \(cores) inti)",
                    "Siaga112 bench, a year of data (\(Self.build) build, \(cores) cores)"),
                "", Self.tableHeading, "|---|---|---|---|",
            ] + YearOfData.rows(result))
            .joined(separator: "\n"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        print(words("Hasil ditulis ke \(json).", "Results written to \(json)."))
    }

    /// Catch-up on the quiet server, intake against the bare route, fan-out, then isolation; requests and consoles
    /// spread over the instances in turn.
    private func measureHTTP(_ target: BenchTarget, client: HTTPClient, into results: inout Results) async throws {
        let load = LoadGenerator(client: client)
        // First, before the bench opens incidents whose response-time marks would add events to those counted.
        print(words("Mengukur pengejaran event yang terlewat…", "Measuring catch-up of missed events…"))
        results.catchUp = try await CatchUp.run(
            port: target.ports[0], token: target.token, load: load, call: Self.calls(target, from: 90_000_000))
        // Fan-out next, while its writes (calls) are the only events: the incidents opened by the intake
        // measurements fall due for response-time marks minutes later, and those marks go out on the feed too.
        await measureFanOut(target, load: load, into: &results)
        let bases = target.bases
        for count in clients {
            print(words("Mengukur dengan \(count) klien…", "Measuring with \(count) client(s)…"))
            results.bareRoute.append(
                await load.run(clients: count, duration: .seconds(seconds)) { serial in
                    HTTPClientRequest(url: bases[serial % bases.count] + "/")
                })
            results.callIntake.append(
                await load.run(clients: count, duration: .seconds(seconds), makeRequest: Self.calls(target, from: 0)))
            let writer = target.stores[0].backend as? SQLiteBackend
            let commitsBefore = await writer?.commitsMade
            var intake = await load.run(
                clients: count, duration: .seconds(seconds), makeRequest: Self.incidents(target))
            if let commitsBefore, let after = await writer?.commitsMade { intake.commits = after - commitsBefore }
            results.incidentIntake.append(intake)
        }
        print(
            words(
                "Mengukur keterpisahan penerimaan saat banjir panggilan iseng…",
                "Measuring intake isolation under a flood of prank calls…"))
        results.isolation = await Isolation.run(
            load: load, duration: .seconds(seconds), incident: Self.incidents(target),
            call: Self.calls(target, from: 70_000_000))
    }

    /// Fan-out to 100 consoles, to the same with one more that stopped reading, and to 1,000.
    private func measureFanOut(_ target: BenchTarget, load: LoadGenerator, into results: inout Results) async {
        let (ports, token, seconds) = (target.ports, target.token, seconds)
        let writes = Self.calls(target, from: 500_000)
        let writers: @Sendable () async -> Void = {
            _ = await load.run(clients: 4, duration: .seconds(seconds), makeRequest: writes)
        }
        print(words("Mengukur sebaran ke 100 konsol…", "Measuring fan-out to 100 consoles…"))
        results.fanOut.append(await FanOut.run(consoles: 100, ports: ports, token: token, write: writers))
        print(
            words(
                "Mengukur sebaran ke 100 konsol dan satu yang berhenti membaca…",
                "Measuring fan-out to 100 consoles and one that stopped reading…"))
        results.fanOutWithStalledConsole = await FanOut.run(
            consoles: 100, ports: ports, token: token, stalledConsole: true, write: writers)
        print(words("Mengukur sebaran ke 1000 konsol…", "Measuring fan-out to 1000 consoles…"))
        results.fanOut.append(await FanOut.run(consoles: 1000, ports: ports, token: token, write: writers))
    }

    /// Prank calls (`call(offset + serial)`) to the instances in turn.
    static func calls(_ target: BenchTarget, from offset: Int) -> @Sendable (Int) -> HTTPClientRequest {
        let (bases, token) = (target.bases, target.token)
        return { serial in
            post(bases[serial % bases.count] + "/api/v1/calls", token: token, body: call(offset + serial))
        }
    }

    /// New incidents (`incident(serial)`) to the instances in turn.
    static func incidents(_ target: BenchTarget) -> @Sendable (Int) -> HTTPClientRequest {
        let (bases, token) = (target.bases, target.token)
        return { serial in
            post(bases[serial % bases.count] + "/api/v1/incidents", token: token, body: incident(serial))
        }
    }

    static var build: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    static func post(_ url: String, token: String, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    static func call(_ serial: Int) -> String {
        #"{"regionCode":"35.15","channel":"voice112","callerNumber":"0812\#(String(format: "%08d", serial % 100_000_000))","disposition":"prank"}"#
    }

    static func incident(_ serial: Int) -> String {
        #"{"regionCode":"35.15","category":"kebakaran","subcategory":"rumah","description":"Kebakaran rumah \#(serial)","location":{"address":"Jl. Raya Pepelegi","kecamatanCode":"35.15.18","source":"caller"}}"#
    }

    static func waitUntilReady(_ client: HTTPClient, port: Int) async throws {
        for _ in 0..<300 {
            if let response = try? await client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/health"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError(words("server tidak kunjung siap", "the server did not become ready"))
    }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))]
    }

    static func number(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }
}
