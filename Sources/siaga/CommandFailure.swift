import Foundation
import SiagaServer

/// Ends a command with a message on standard error and a non-zero status.
struct CommandFailure: Error, CustomStringConvertible {
    var lines: [String]
    var description: String { lines.joined(separator: "\n") }

    init(lines: [String]) { self.lines = lines }

    /// `error` worded as the API words it, in the language of this run.
    init(reporting error: any Error) {
        lines = ErrorReport.lines(for: error, language: CommandLineLanguage.current)
    }
}

func readFile(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CommandFailure(
            lines: [
                words(
                    "Tidak dapat membaca \(path): \(error.localizedDescription)",
                    "Cannot read \(path): \(error.localizedDescription)")
            ])
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
