import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Incident list")
struct IncidentQueryTests {
    @Test("Filters by status, category, priority, time and text, newest first")
    func filters() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            let (fire, _) = try await store.openIncident(
                at: .t0, description: "Kebakaran gudang mebel", category: "kebakaran")
            let (wasp, _) = try await store.openIncident(
                at: .t0 + 60, description: "Sarang tawon di sekolah", category: "hewan-berbahaya")
            try await store.apply(.dispatch(.damkar, note: nil), to: fire)
            // when
            let dispatched = try await store.read {
                try await $0.incidents(matching: IncidentQuery(statuses: [.dispatched]))
            }
            let byText = try await store.read { try await $0.incidents(matching: IncidentQuery(text: "TAWON")) }
            let byPriority = try await store.read { try await $0.incidents(matching: IncidentQuery(priorities: [.p3])) }
            let recent = try await store.read { try await $0.incidents(matching: IncidentQuery(createdFrom: .t0 + 30)) }
            let all = try await store.read {
                try await $0.incidents(matching: IncidentQuery(regionCode: Region.sidoarjo.code))
            }
            let wildcard = try await store.read { try await $0.incidents(matching: IncidentQuery(text: "%")) }
            // then
            #expect(dispatched.items.map(\.id) == [fire.id])
            #expect(byText.items.map(\.id) == [wasp.id])
            #expect(byPriority.items.map(\.id) == [wasp.id])
            #expect(recent.items.map(\.id) == [wasp.id])
            #expect(all.items.map(\.id) == [wasp.id, fire.id])
            #expect(wildcard.items.isEmpty)
        }
    }

    @Test("Pages follow each other without gaps or repeats")
    func cursorPagination() async throws {
        try await TestDatabase.with { database in
            // given
            for index in 0..<7 { _ = try await database.store.openIncident(at: .t0 + Double(index / 2)) }
            // when
            var seen: [IncidentID] = []
            var cursor: IncidentCursor?
            repeat {
                let page = try await database.store.read {
                    try await $0.incidents(matching: IncidentQuery(after: cursor, limit: 3))
                }
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil
            // then
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
        }
    }
}
