import Foundation
import SiagaServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `siaga` binary run as a real process, for tests that need one (crash recovery, the CLI).
struct SiagaProcess {
    /// The `siaga` executable SwiftPM built beside the test bundle.
    static var executable: URL {
        get throws {
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("siaga")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory.deleteLastPathComponent()
            }
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSFilePathErrorKey: "siaga beside \(CommandLine.arguments[0])"])
        }
    }

    /// Runs `siaga` with `arguments` (and `environment` instead of this process's, when given) to completion and
    /// returns its standard output (and its errors, when asked).
    static func run(
        _ arguments: [String], input: String? = nil, includingErrors: Bool = false,
        environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = includingErrors ? pipe : FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Starts `siaga serve` (with `environment` instead of this process's, when given) and waits until its health
    /// check answers; returns the running process.
    static func serve(
        database: String, port: Int, extra: [String] = [], environment: [String: String]? = nil
    ) async throws -> Process {
        let process = Process()
        process.executableURL = try executable
        process.arguments = ["serve", "--database", database, "--port", String(port), "--log-level", "error"] + extra
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        // What it says on the way out is kept, so a server that exits names its reason in the test's failure.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("siaga-serve-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer { try? FileManager.default.removeItem(at: log) }
        // Waiting for a real process to listen: poll the health check, bounded.
        for _ in 0..<300 {
            if let (status, _) = try? await request("GET", port: port, path: "/api/v1/health"), status == 200 {
                return process
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let exited = !process.isRunning
        process.terminate()
        let said = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(2_000)) } ?? ""
        let why = exited ? "exited with status \(process.terminationStatus)" : "did not answer within 30 s"
        throw CocoaError(
            .executableLoad, userInfo: [NSLocalizedDescriptionKey: "siaga serve \(why) on port \(port): \(said)"])
    }

    /// One HTTP request to a server on loopback.
    static func request(
        _ method: String, port: Int, path: String, token: String? = nil, json: String? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// Creates an API token with `siaga token create` and returns its secret (the last line printed).
    static func token(database: String, permissions: [String], jurisdiction: String = "35.15") throws -> String {
        let created = try run(
            ["token", "create", "uji-proses", "--database", database, "--jurisdiction", jurisdiction]
                + permissions.flatMap { ["--permission", $0] })
        guard created.status == 0,
            let secret = created.output.split(separator: "\n").last.map(String.init), secret.hasPrefix("s112_")
        else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: created.output]) }
        return secret
    }

    /// This process's environment with no locale but `LANG=lang` (none at all when nil).
    static func environment(lang: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] { environment[name] = nil }
        environment["LANG"] = lang
        return environment
    }

    /// Two different free ports.
    static func freePorts() -> (Int, Int) {
        let first = LoopbackPort.free()
        var second = LoopbackPort.free()
        while second == first { second = LoopbackPort.free() }
        return (first, second)
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("siaga-process-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ database: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }
}
