import Foundation
import SiagaServer
import SiagaStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A power cut, simulated: `Tests/powercut/powercut.c`, preloaded into the server, keeps every write under the
/// database's directory in memory until the server fsyncs that file, so SIGKILL of the server loses exactly what a
/// power cut loses (see `Tests/powercut/README.md` for what it models and what it does not). With
/// `synchronous=FULL` every acknowledged call must survive; with `--synchronous normal` some must not, which is the
/// proof that this test can fail.
@Suite(
    "Power loss", .serialized,
    .enabled(if: PowerCut.compiler != nil, "needs a C compiler (cc, gcc or clang) to build Tests/powercut/powercut.c"),
    .enabled(if: PowerCut.isLinux, "the power-cut shim works through LD_PRELOAD, on Linux")
)
struct PowerLossTests {
    @Test("The power-cut shim keeps what a program synced and drops what it wrote without syncing")
    func shimDropsUnsyncedWrites() throws {
        // given
        let shim = try PowerCut.built.get()
        let directory = try PowerCut.freshDirectory()
        let unshimmed = try PowerCut.freshDirectory()
        defer { for path in [directory, unshimmed] { try? FileManager.default.removeItem(atPath: path) } }

        // when it writes, syncs part of it and kills itself, under the shim and (for contrast) without it
        let underShim = try PowerCut.run(shim.selftest, [directory], environment: shim.environment(directory))
        let withoutShim = try PowerCut.run(shim.selftest, [unshimmed])

        // then
        #expect(underShim.status == SIGKILL, "the self-test under the shim said: \(underShim.output)")
        let checked = try PowerCut.run(shim.selftest, [directory, "check"])
        #expect(checked.status == 0, "\(checked.output)")
        #expect(withoutShim.status == SIGKILL)
        let control = try PowerCut.run(shim.selftest, [unshimmed, "check"])
        #expect(control.status != 0, "without the shim the unsynced writes reach the file, and the check says so")
    }

    @Test("With synchronous=FULL, every call acknowledged before a power cut is there after the restart")
    func fullKeepsEveryAcknowledgedCall() async throws {
        // given a seeded database in a directory of its own, and a server under the power-cut shim
        let shim = try PowerCut.built.get()
        let (directory, database, token) = try PowerCut.seededDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = LoopbackPort.free()
        let server = try await SiagaProcess.serve(
            database: database, port: port, environment: shim.environment(directory, stats: directory + ".stats"))
        defer { try? FileManager.default.removeItem(atPath: directory + ".stats") }

        // when writers post calls for two seconds, and on a busy machine until they have tried 40, and the power
        // goes, mid-request
        let numbers = ReliabilityTests.Shared()
        let cut = ReliabilityTests.Shared()
        let pid = server.processIdentifier
        let killer = Task {
            let start = ContinuousClock.now
            try? await Task.sleep(for: .seconds(2))
            while numbers.count < 40, ContinuousClock.now - start < .seconds(30) {
                try? await Task.sleep(for: .milliseconds(100))
            }
            kill(pid, SIGKILL)
            cut.set()
        }
        let written = await ReliabilityTests.write(port: port, token: token, writers: 4, numbers: numbers, until: cut)
        await killer.value
        server.waitUntilExit()
        let stats = (try? String(contentsOfFile: directory + ".stats", encoding: .utf8)) ?? ""

        // then, restarted without the shim
        #expect(server.terminationReason == .uncaughtSignal)
        #expect(PowerCut.syncs(in: stats) > 0, "the shim was not active, or saw no fsync: \(stats)")
        #expect(written.acknowledged.count > 10)
        let restarted = try await SiagaProcess.serve(database: database, port: port)
        let missing = try await PowerCut.missing(written.acknowledged, port: port, token: token)
        #expect(missing.isEmpty, "\(missing.count) of \(written.acknowledged.count) acknowledged calls were lost")
        for (attempt, id) in written.acknowledged.shuffled().prefix(10) {
            let again = try await ReliabilityTests.post(attempt, port: port, token: token)
            #expect(again.replayed && again.callID == id, "the idempotency key of call \(id) was lost")
        }
        PowerCut.stop(restarted)
        let report = try await SQLiteBackup.verify(database)
        #expect(report.calls >= written.acknowledged.count)
    }

    @Test("With --synchronous normal, a power cut loses calls already acknowledged: the power-loss test can fail")
    func normalLosesAcknowledgedCalls() async throws {
        // given
        let shim = try PowerCut.built.get()
        let (directory, database, token) = try PowerCut.seededDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = LoopbackPort.free()
        let server = try await SiagaProcess.serve(
            database: database, port: port, extra: ["--synchronous", "normal"],
            environment: shim.environment(directory))

        // when a few calls are acknowledged and the power goes. Deterministic: the seeded database starts without a
        // WAL (the seeding process checkpointed and removed it), a call adds some 20 WAL frames, so these calls stay
        // far below the 1000-frame auto-checkpoint, and NORMAL never fsyncs the WAL before a checkpoint.
        let acknowledged = await PowerCut.write(calls: PowerCut.fewCalls, port: port, token: token)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()

        // then
        #expect(acknowledged.count == PowerCut.fewCalls)
        let restarted = try await SiagaProcess.serve(database: database, port: port)
        let missing = try await PowerCut.missing(acknowledged, port: port, token: token)
        PowerCut.stop(restarted)
        #expect(
            !missing.isEmpty,
            "all \(acknowledged.count) acknowledged calls survived a power cut under synchronous=NORMAL: the shim is not cutting power"
        )
        _ = try await SQLiteBackup.verify(database)  // lost commits, but an intact database
    }

    @Test(
        "Killed without the power cut, --synchronous normal keeps every acknowledged call: the loss is the power cut's")
    func normalSurvivesAPlainCrash() async throws {
        // given the same run as above, without the shim
        let (directory, database, token) = try PowerCut.seededDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = LoopbackPort.free()
        let server = try await SiagaProcess.serve(database: database, port: port, extra: ["--synchronous", "normal"])

        // when
        let acknowledged = await PowerCut.write(calls: PowerCut.fewCalls, port: port, token: token)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()

        // then
        let restarted = try await SiagaProcess.serve(database: database, port: port)
        defer { PowerCut.stop(restarted) }
        #expect(acknowledged.count == PowerCut.fewCalls)
        #expect(try await PowerCut.missing(acknowledged, port: port, token: token).isEmpty)
    }
}

/// Building the shim, seeding databases and running servers under it.
enum PowerCut {
    /// Calls written in the NORMAL runs: few enough that no checkpoint syncs them.
    static let fewCalls = 12

    struct Shim: Sendable {
        var library: String
        var selftest: String
        var template: String
        var token: String

        /// The environment of a process whose writes under `directory` are lost unless synced.
        func environment(_ directory: String, stats: String? = nil) -> [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["LD_PRELOAD"] = library
            environment["POWERCUT_DIR"] = directory
            if let stats { environment["POWERCUT_STATS"] = stats }
            return environment
        }
    }

    static var isLinux: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }

    static let compiler: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["cc", "gcc", "clang"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static var source: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("powercut/powercut.c").path
    }

    /// Built once per test run: the shim, its self-test, and a seeded database (demo regions and a token) that each
    /// test copies, since seeding takes seconds.
    static let built: Result<Shim, any Error> = Result {
        guard let compiler else { throw failure("no C compiler") }
        guard FileManager.default.fileExists(atPath: source) else { throw failure("\(source) is missing") }
        let directory = try freshDirectory()
        let library = directory + "/libpowercut.so"
        let selftest = directory + "/powercut-selftest"
        for arguments in [
            ["-shared", "-fPIC", "-O2", "-o", library, source, "-ldl", "-lpthread"],
            ["-DPOWERCUT_SELFTEST", "-O2", "-o", selftest, source],
        ] {
            let compiled = try run(compiler, arguments)
            guard compiled.status == 0 else { throw failure("\(compiler) \(arguments): \(compiled.output)") }
        }
        let template = directory + "/template.sqlite"
        let seeded = try SiagaProcess.run(["demo", "--database", template])
        guard seeded.status == 0 else { throw failure("siaga demo: \(seeded.output)") }
        let token = try SiagaProcess.token(database: template, permissions: ["call.write", "call.read"])
        return Shim(library: library, selftest: selftest, template: template, token: token)
    }

    static func failure(_ message: String) -> any Error {
        CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "power-cut test: \(message)"])
    }

    static func freshDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("siaga-powercut-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of the seeded database, alone in a fresh directory (the directory the shim watches).
    static func seededDatabase() throws -> (directory: String, database: String, token: String) {
        let shim = try built.get()
        let directory = try freshDirectory()
        let database = directory + "/siaga.sqlite"
        try FileManager.default.copyItem(atPath: shim.template, toPath: database)
        return (directory, database, shim.token)
    }

    /// Runs a program to completion; its status is the signal's number when a signal ended it.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Stops a server that is no longer under test at once: its clean shutdown takes seconds, and nothing it
    /// did since its restart (reads, idempotent replays) needs one.
    static func stop(_ server: Process) {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    /// Four writers post exactly `calls` calls between them; returns the acknowledged ones.
    static func write(calls: Int, port: Int, token: String) async -> [(ReliabilityTests.Attempt, String)] {
        let numbers = ReliabilityTests.Shared()
        return await withTaskGroup(of: [(ReliabilityTests.Attempt, String)].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var acknowledged: [(ReliabilityTests.Attempt, String)] = []
                    while true {
                        let serial = numbers.next()
                        guard serial <= calls else { break }
                        let attempt = ReliabilityTests.Attempt(
                            key: UUID().uuidString, number: "0815" + String(format: "%08d", serial))
                        if let answer = try? await ReliabilityTests.post(attempt, port: port, token: token),
                            answer.status == 201, let id = answer.callID
                        {
                            acknowledged.append((attempt, id))
                        }
                    }
                    return acknowledged
                }
            }
            var all: [(ReliabilityTests.Attempt, String)] = []
            for await part in group { all += part }
            return all
        }
    }

    /// The acknowledged calls the server no longer has.
    static func missing(_ acknowledged: [(ReliabilityTests.Attempt, String)], port: Int, token: String) async throws
        -> [String]
    {
        var missing: [String] = []
        for (_, id) in acknowledged {
            let (status, _) = try await SiagaProcess.request(
                "GET", port: port, path: "/api/v1/calls/\(id)", token: token)
            if status != 200 { missing.append(id) }
        }
        return missing
    }

    /// The fsyncs the shim saw, from its POWERCUT_STATS line.
    static func syncs(in stats: String) -> Int {
        guard let range = stats.range(of: "syncs=") else { return 0 }
        return Int(stats[range.upperBound...].prefix(while: \.isNumber)) ?? 0
    }
}
