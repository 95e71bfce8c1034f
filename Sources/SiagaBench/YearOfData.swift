import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SiagaCore
import SiagaServer
import SiagaStore

/// `siaga bench --year FILE`: a year of a big region's traffic (from `siaga simulate`) as its leaders and its IT
/// team meet it: the dashboard's reports over HTTP against the same figures folded from the raw event log, the
/// server's start and restart after SIGKILL, its memory, and the database's size.
struct YearOfData {
    struct Report: Codable {
        var name: String
        /// Median of `repeats` requests over HTTP, reading the projections.
        var milliseconds: Double
        /// The same figures folded from the raw events of the period, in process.
        var naiveMilliseconds: Double?
        /// The projection and the event log gave the same figures.
        var sameFigures: Bool?
    }

    struct Result: Codable {
        var region: String
        var calls: Int
        var incidents: Int
        var events: Int
        var databaseMegabytes: Double
        var secondsToReady: Double
        var secondsToReadyAfterKill: Double
        var serverMegabytesIdle: Double
        var serverMegabytesAfterReports: Double
        var reports: [Report]
        var soak: Soak.Result
    }

    static let repeats = 3
    static let region = RegionCode("35.15")!

    static func run(database path: String, soakSeconds: Int, client: HTTPClient, logger: Logger) async throws
        -> Result
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BenchFailure(
                words(
                    "\(path) tidak ada; buat dengan: siaga simulate --database \(path)",
                    "\(path) does not exist; make it with: siaga simulate --database \(path)"))
        }
        let backend = try await SQLiteBackend.open(path: path, logger: logger)
        let store = SQLStore(backend: backend)
        do {
            let result = try await measure(store, path: path, soakSeconds: soakSeconds, client: client)
            try await backend.shutdown()
            return result
        } catch {
            try? await backend.shutdown()
            throw error
        }
    }

    private static func measure(_ store: SQLStore, path: String, soakSeconds: Int, client: HTTPClient)
        async throws -> Result
    {
        let counts = try await store.rowCounts(["calls", "incidents", "events"])
        let megabytes = ["", "-wal"].reduce(0.0) { total, suffix in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0
            return total + Double(size) / 1_048_576
        }
        let periods = try await YearPeriods(store, region: region)
        print(
            words(
                "Mengolah log event mentah setahun dan sebulan…",
                "Folding the raw event log of a year and of a month…"))
        let naive = try await NaiveReports.measure(store, region: region, periods: periods)
        let token = try await AccountService(
            dependencies: Dependencies(
                store: store,
                attachments: AttachmentStorage(
                    directory: FileManager.default.temporaryDirectory.appendingPathComponent("siaga-bench-year")))
        ).createToken(
            name: "bench-year-\(UUID().uuidString.prefix(8).lowercased())", jurisdiction: .region(region), agency: nil,
            permissions: [.incidentCreate, .callWrite, .callRead, .incidentRead], by: .system("bench"), address: nil
        ).secret
        print(words("Menjalankan siaga serve pada setahun data…", "Starting siaga serve on a year of data…"))
        let port = LoopbackPort.free()
        var server = try await ServerProcess.start(database: path, port: port, client: client)
        let start = server.secondsToReady
        let idle = server.residentMegabytes
        let reports: [Report]
        do {
            reports = try await measureReports(periods, against: naive, client: client, port: port)
        } catch {
            server.stop()
            throw error
        }
        let after = server.residentMegabytes
        print(
            words(
                "Uji ketahanan selama \(soakSeconds) s dengan 100 konsol dan empat penulis…",
                "Soaking for \(soakSeconds) s with 100 consoles and four writers…"))
        let soak = await Soak.run(
            server: server, token: token, load: LoadGenerator(client: client), seconds: soakSeconds)
        server.kill()
        print(words("Memulai ulang setelah SIGKILL…", "Restarting after SIGKILL…"))
        server = try await ServerProcess.start(database: path, port: port, client: client)
        let restart = server.secondsToReady
        server.stop()
        return Result(
            region: region.rawValue, calls: counts["calls"] ?? 0, incidents: counts["incidents"] ?? 0,
            events: counts["events"] ?? 0, databaseMegabytes: megabytes, secondsToReady: start,
            secondsToReadyAfterKill: restart, serverMegabytesIdle: idle, serverMegabytesAfterReports: after,
            reports: reports, soak: soak)
    }

    /// Each report over HTTP as the region's leader, beside its figures folded from the raw events.
    private static func measureReports(
        _ periods: YearPeriods, against naive: [String: NaiveReports.Measured], client: HTTPClient, port: Int
    ) async throws -> [Report] {
        let cookie = try await signIn(client, port: port)
        var reports: [Report] = []
        for (name, query) in periods.requests {
            print(words("Mengukur \(YearPeriods.title(name))…", "Measuring \(name)…"))
            reports.append(
                Report(
                    name: name, milliseconds: try await median(client, port: port, cookie: cookie, query),
                    naiveMilliseconds: naive[name]?.milliseconds, sameFigures: naive[name]?.same))
        }
        return reports
    }

    /// Signs in as the region's leader (the demo users' password) and returns the session cookie.
    private static func signIn(_ client: HTTPClient, port: Int) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/session")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"username":"pimpinan.3515","password":"siaga112-demo"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .ok || response.status == .created,
            let cookie = response.headers["Set-Cookie"].first?.split(separator: ";").first
        else {
            throw BenchFailure(
                words(
                    "masuk sebagai pimpinan.3515 gagal: \(response.status)",
                    "signing in as pimpinan.3515 failed: \(response.status)"))
        }
        return String(cookie)
    }

    /// The median time of `repeats` GETs of `/api/v1/reports/<query>`, each answered 200.
    private static func median(_ client: HTTPClient, port: Int, cookie: String, _ query: String) async throws
        -> Double
    {
        var times: [Double] = []
        for _ in 0..<repeats {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/reports/\(query)")
            request.headers.add(name: "Cookie", value: cookie)
            let clock = ContinuousClock()
            let started = clock.now
            let response = try await client.execute(request, timeout: .seconds(300))
            _ = try await response.body.collect(upTo: 64 << 20)
            guard response.status == .ok else { throw BenchFailure("GET /reports/\(query): \(response.status)") }
            times.append((clock.now - started).milliseconds)
        }
        return times.sorted()[times.count / 2]
    }

    /// Rows of the bench table, in the language of this run.
    static func rows(_ result: Result) -> [String] {
        func number(_ value: Double, _ digits: Int = 0) -> String { BenchCommand.number(value, digits) }
        let (start, restart) = (number(result.secondsToReady, 2), number(result.secondsToReadyAfterKill, 2))
        let (idle, after) = (number(result.serverMegabytesIdle), number(result.serverMegabytesAfterReports))
        var rows = [
            words(
                "| setahun data \(result.region) | \(result.calls) panggilan, \(result.incidents) kejadian, \(result.events) event; basis data \(number(result.databaseMegabytes)) MB | | |",
                "| a year of \(result.region) | \(result.calls) calls, \(result.incidents) incidents, \(result.events) events; database \(number(result.databaseMegabytes)) MB | | |"
            ),
            words(
                "| server dari mulai sampai siap, setahun data | \(start) s; setelah SIGKILL \(restart) s | | |",
                "| server start to ready, a year of data | \(start) s; after SIGKILL \(restart) s | | |"),
            words(
                "| memori server, setahun data | \(idle) MB saat diam, \(after) MB setelah laporan | | |",
                "| server memory, a year of data | \(idle) MB idle, \(after) MB after the reports | | |"),
        ]
        rows += soakRows(result.soak)
        for report in result.reports {
            let naive = report.naiveMilliseconds.map {
                words("\(number($0)) ms dari event mentah", "\(number($0)) ms from raw events")
            }
            let ratio = report.naiveMilliseconds.map {
                let times = number($0 / max(report.milliseconds, 0.01), 1)
                let same = report.sameFigures ?? false
                return words("\(times)× (angka sama: \(same))", "\(times)× (same figures: \(same))")
            }
            let cells = [
                YearPeriods.title(report.name), number(report.milliseconds, 1) + " ms", naive ?? "", ratio ?? "",
            ]
            rows.append(words("| laporan: ", "| report: ") + cells.joined(separator: " | ") + " |")
        }
        return rows
    }

    private static func soakRows(_ soak: Soak.Result) -> [String] {
        func number(_ value: Double, _ digits: Int = 0) -> String { BenchCommand.number(value, digits) }
        let growth = number(soak.lastThirdMegabytes / max(soak.firstThirdMegabytes, 1), 3)
        return [
            words(
                "| memori per konsol tersambung (server dengan setahun data) | \(number(soak.kilobytesPerConsole)) kB: \(number(soak.megabytesBeforeConsoles)) MB, lalu \(number(soak.megabytesWithConsoles)) MB dengan \(soak.consoles) konsol | | |",
                "| memory per connected console (server with a year of data) | \(number(soak.kilobytesPerConsole)) kB: \(number(soak.megabytesBeforeConsoles)) MB, then \(number(soak.megabytesWithConsoles)) MB with \(soak.consoles) consoles | | |"
            ),
            words(
                "| uji ketahanan: \(soak.seconds) s dengan \(soak.consoles) konsol dan 4 penulis (9 panggilan per 1 kejadian) | \(soak.writes.requests) penulisan, \(soak.writes.errors) galat, \(soak.deliveries) kiriman, \(soak.dropped) diputus; resident \(number(soak.firstThirdMegabytes)) MB pada sepertiga pertama, \(number(soak.lastThirdMegabytes)) MB pada sepertiga terakhir, maks \(number(soak.samples.max() ?? 0)) MB | sepertiga pertama | \(growth)× |",
                "| soak: \(soak.seconds) s of \(soak.consoles) consoles and 4 writers (9 calls to 1 incident) | \(soak.writes.requests) writes, \(soak.writes.errors) errors, \(soak.deliveries) deliveries, \(soak.dropped) dropped; resident \(number(soak.firstThirdMegabytes)) MB in the first third, \(number(soak.lastThirdMegabytes)) MB in the last, max \(number(soak.samples.max() ?? 0)) MB | first third | \(growth)× |"
            ),
        ]
    }
}
