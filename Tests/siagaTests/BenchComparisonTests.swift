import Foundation
import Testing

@Suite("Command line: comparing two bench runs")
struct BenchComparisonTests {
    @Test("Each figure both runs have is shown with its ratio, and whether it moved the right way")
    func compare() throws {
        // given two runs' results
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("base.json")
        let now = directory.appendingPathComponent("now.json")
        try #"""
        {"cores": 2, "regionLookupsAgree": true, "residentMegabytesIdle": 230,
         "incidentIntake": [{"clients": 1, "perSecond": 160, "p99Milliseconds": 20},
                            {"clients": 64, "perSecond": 224, "p99Milliseconds": 340}]}
        """#.write(to: base, atomically: true, encoding: .utf8)
        try #"""
        {"cores": 2, "regionLookupsAgree": true, "residentMegabytesIdle": 250, "catchUp": {"secondsToReady": 0.2},
         "incidentIntake": [{"clients": 1, "perSecond": 320, "p99Milliseconds": 20.5},
                            {"clients": 64, "perSecond": 200, "p99Milliseconds": 170}]}
        """#.write(to: now, atomically: true, encoding: .utf8)

        // when
        let run = try SiagaProcess.run(["bench", "--lang", "en", "--compare", base.path, "--against", now.path])

        // then
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("| incidentIntake[clients=1].perSecond | 160 | 320 | 2.00 | better |"))
        #expect(lines.contains("| incidentIntake[clients=64].p99Milliseconds | 340 | 170 | 0.50 | better |"))
        #expect(lines.contains("| incidentIntake[clients=64].perSecond | 224 | 200 | 0.89 | worse |"))
        #expect(lines.contains("| residentMegabytesIdle | 230 | 250 | 1.09 | worse |"))
        #expect(lines.contains("| incidentIntake[clients=1].p99Milliseconds | 20 | 20.500 | 1.02 |  |"))
        #expect(!run.output.contains("cores") && !run.output.contains("catchUp") && !run.output.contains("Agree"))

        // and a file that is not a result is refused by name
        let refused = try SiagaProcess.run(
            ["bench", "--lang", "en", "--compare", "/nonexistent.json", "--against", now.path], includingErrors: true)
        #expect(refused.status != 0)
        #expect(refused.output.contains("/nonexistent.json is not a readable bench JSON"))
    }
}
