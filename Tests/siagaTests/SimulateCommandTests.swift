import Foundation
import Testing

@Suite("Command line: synthetic traffic and the year's bench")
struct SimulateCommandTests {
    @Test("siaga simulate writes days of traffic, and bench --year finds the reports agree with the raw events")
    func simulateThenMeasure() throws {
        // given a day of synthetic traffic
        let database = SiagaProcess.temporaryDatabase()
        let json = database + ".json"
        defer {
            SiagaProcess.remove(database)
            try? FileManager.default.removeItem(atPath: json)
        }
        let simulated = try SiagaProcess.run(
            ["--lang", "en", "simulate", "--database", database, "--days", "1", "--calls-per-day", "80"])
        #expect(simulated.status == 0)
        #expect(simulated.output.contains("Simulated 1 day of 35.15"), "\(simulated.output)")

        // when the bench measures it (and words its table in Indonesian)
        let bench = try SiagaProcess.run(["--lang", "id", "bench", "--year", database, "--soak", "5", "--json", json])

        // then every report it could fold from the raw events gave the same figures
        #expect(bench.status == 0, "\(bench.output)")
        #expect(bench.output.contains("angka sama: true"))
        #expect(!bench.output.contains("angka sama: false"))
        #expect(bench.output.contains("setelah SIGKILL"))
        #expect(FileManager.default.fileExists(atPath: json))
    }

    @Test("A region that is not a demo region, a day count out of range, or a second run is refused")
    func refusals() throws {
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        #expect(try SiagaProcess.run(["simulate", "--database", database, "--days", "0"]).status != 0)
        #expect(
            try SiagaProcess.run(["simulate", "--database", database, "--region", "35.78", "--days", "1"]).status != 0)
        #expect(
            try SiagaProcess.run(["simulate", "--database", database, "--region", "35", "--days", "1"]).status != 0)
        let first = ["simulate", "--database", database, "--days", "1", "--calls-per-day", "10"]
        #expect(try SiagaProcess.run(first).status == 0)
        #expect(try SiagaProcess.run(first).status != 0)
    }
}
