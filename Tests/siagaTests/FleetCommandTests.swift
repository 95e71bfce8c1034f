import Foundation
import Testing

@Suite("Command line: units and posts")
struct FleetCommandTests {
    @Test("siaga posko and siaga unit add, change and retire as the API does, and say why when they refuse")
    func addChangeRetire() throws {
        // given a demo database
        let database = SiagaProcess.temporaryDatabase()
        defer { SiagaProcess.remove(database) }
        #expect(try SiagaProcess.run(["demo", "--database", database]).status == 0)
        let db = ["--database", database]

        // when
        let post = try SiagaProcess.run(
            [
                "posko", "add", "3515-damkar", "tanggulangin", "--name", "Pos Damkar Tanggulangin", "--latitude",
                "-7.5075", "--longitude", "112.7046",
            ] + db)
        let unit = try SiagaProcess.run(
            [
                "unit", "add", "3515-damkar", "tanggulangin-1", "--callsign", "DAMKAR TANGGULANGIN 1", "--kind",
                "pemadam", "--home-post", "tanggulangin",
            ] + db)
        let badKind = try SiagaProcess.run(
            ["unit", "add", "3515-damkar", "t2", "--callsign", "T2", "--kind", "Truk Besar"] + db,
            includingErrors: true)
        let held = try SiagaProcess.run(
            ["posko", "retire", "3515-damkar-tanggulangin", "--reason", "Uji"] + db, includingErrors: true)
        let outOfService = try SiagaProcess.run(
            ["unit", "change", "3515-damkar-tanggulangin-1", "--out-of-service", "true"] + db)
        let retired = try SiagaProcess.run(
            ["unit", "retire", "3515-damkar-tanggulangin-1", "--reason", "Dipindah ke kabupaten lain"] + db)

        // then
        #expect(post.status == 0 && post.output.contains("3515-damkar-tanggulangin Pos Damkar Tanggulangin"))
        #expect(unit.status == 0 && unit.output.contains("@ 3515-damkar-tanggulangin"), "\(unit.output)")
        #expect(badKind.status != 0 && badKind.output.contains("kind"), "\(badKind.output)")
        #expect(held.status != 0 && held.output.contains("DAMKAR TANGGULANGIN 1"), "\(held.output)")
        #expect(outOfService.status == 0 && outOfService.output.contains("outOfService"))
        #expect(retired.status == 0 && retired.output.contains("retired"))
    }
}
