import SiagaCore
import SiagaTestSupport
import Testing

@Suite("The ladder column of agencies.csv")
struct NoticeLadderCSVTests {
    @Test("A cell reads into the ladder it names and the ladder writes back as the same cell")
    func roundTrip() throws {
        // given
        let cell = "whatsapp:0812-3456-7890:Piket Damkar|sms+60:081234567890:Piket Damkar|phone+60:(031) 894-1234"
        // when
        let ladder = try NoticeLadder(csvCell: cell)
        // then
        #expect(ladder.rungs.map(\.channel) == [.whatsapp, .sms, .phone])
        #expect(ladder.rungs.map(\.afterSeconds) == [0, 60, 60])
        #expect(ladder.rungs.map(\.label) == ["Piket Damkar", "Piket Damkar", nil])
        #expect(
            ladder.csvCell
                == "whatsapp:+6281234567890:Piket Damkar|sms+60:+6281234567890:Piket Damkar|phone+60:+62318941234")
        #expect(try NoticeLadder(csvCell: ladder.csvCell) == ladder)
    }

    @Test("A rung with an unknown channel, a bad wait or a recipient its channel cannot reach is refused")
    func refusals() {
        for cell in ["pager:0812345678", "sms+soon:081234567890", "email:bukan-alamat", "sms", "telegram:grup"] {
            #expect(throws: NoticeLadderCellError.self, "\(cell)") { try NoticeLadder(csvCell: cell) }
        }
    }

    @Test("Files without the ladder column, or without active and ladder, still read")
    func olderFiles() throws {
        let region = RegionCode("35.15")!
        let older = try AgencyCSV.parse(
            "code,name,kind,phone,channel\ndamkar,Damkar,damkar,113,console\n", region: region)
        let newer = try AgencyCSV.parse(
            "code,name,kind,phone,channel,active,ladder\ndamkar,Damkar,damkar,113,console,true,sms:081234567890\n",
            region: region)
        #expect(older.agencies.count == 1 && older.ladders.isEmpty)
        #expect(newer.ladders[AgencyID("3515-damkar")]?.rungs.first?.recipient == "+6281234567890")
    }
}
