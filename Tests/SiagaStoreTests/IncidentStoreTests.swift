import Foundation
import SQLKit
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization
import Testing

@Suite("Incident storage")
struct IncidentStoreTests {
    @Test("The stored incident is the fold of its stored events")
    func projectionEqualsReplay() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            let (opened, _) = try await store.openIncident()
            let dispatched = try await store.apply(.dispatch(.damkar, note: nil), to: opened, at: .t0 + 60)
            try await store.apply(.addNote("Api membesar"), to: dispatched, at: .t0 + 90)
            // when
            let stored = try #require(try await store.read { try await $0.incident(opened.id) })
            let events = try await store.read { try await $0.incidentEvents(opened.id) }
            // then
            let replayed = Incident.replay(events.map { ($0.event, $0.metadata) })
            #expect(replayed == stored)
            #expect(stored.version == 3)
            #expect(events.map(\.version) == [1, 2, 3])
            #expect(stored.verifyInvariants())
        }
    }

    @Test("A command made against an old version is refused and changes nothing")
    func staleVersionIsRefused() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            let (opened, _) = try await store.openIncident()
            try await store.apply(.addNote("pertama"), to: opened)
            // when
            await #expect(throws: StoreError.versionConflict(expected: 1, actual: 2)) {
                try await store.apply(.addNote("kedua, dari layar lama"), to: opened)
            }
            // then
            let events = try await store.read { try await $0.incidentEvents(opened.id) }
            #expect(events.count == 2)
        }
    }

    @Test("Appending to an incident that moved on inside the write is a version conflict")
    func appendChecksStoredVersion() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            let (opened, _) = try await store.openIncident()
            try await store.apply(.addNote("pertama"), to: opened)
            // when: a writer that read version 1 appends without re-reading
            await #expect(throws: StoreError.self) {
                _ = try await store.write(now: .t0) { transaction in
                    _ = try await transaction.appendIncident(
                        try IncidentLifecycle.decide(.addNote("basi"), on: opened, rules: .demo), to: opened,
                        metadata: EventMetadata(at: .t0, actor: .callTaker))
                    return StoredResponse(status: 201, body: "{}")
                }
            }
            // then
            #expect(try await store.read { try await $0.incident(opened.id) }?.version == 2)
        }
    }

    @Test("A write that fails leaves no event, no projection and no number behind")
    func failedWriteRollsBack() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            struct Boom: Error {}
            // when
            await #expect(throws: Boom.self) {
                _ = try await store.write(now: .t0) { transaction in
                    let number = try await transaction.nextIncidentNumber(
                        region: Region.sidoarjo.code, day: LocalDay(.t0, in: .wib))
                    let events = try IncidentLifecycle.create(
                        CreateIncident(regionCode: Region.sidoarjo.code, description: "x"), id: IncidentID("gagal"),
                        number: number, rules: .demo)
                    _ = try await transaction.createIncident(
                        events, metadata: EventMetadata(at: .t0, actor: .callTaker))
                    throw Boom()
                }
            }
            // then
            let (next, _) = try await store.openIncident()
            #expect(next.number.sequence == 1)
            #expect(try await store.read { try await $0.incident(IncidentID("gagal")) } == nil)
            #expect(try await store.read { try await $0.events(after: EventID(rawValue: 0), limit: 10) }.count == 1)
        }
    }

    @Test("Incident numbers are unique and gap-free under concurrent creation")
    func concurrentNumbering() async throws {
        try await TestDatabase.with { database in
            // when
            let numbers = try await withThrowingTaskGroup(of: IncidentNumber.self) { group in
                for index in 0..<25 {
                    group.addTask { try await database.store.openIncident(description: "laporan \(index)").0.number }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            #expect(Set(numbers).count == 25)
            #expect(Set(numbers.map(\.sequence)) == Set(1...25))
            #expect(numbers.allSatisfy { $0.description.hasPrefix("3515-261123-") })
        }
    }

    // Several instances run on PostgreSQL only; the embedded database has one server.
    @Test(
        "Two instances on one database number incidents uniquely and commit events in the order of their ids",
        .enabled(if: TestDatabase.postgresURL != nil))
    func twoInstancesShareNumbersAndEventOrder() async throws {
        try await TestDatabase.with { database in
            // given a second instance's connection to the same database, following the log as a live feed does
            let other = SQLStore(backend: try await database.reopen(readerCount: 2))
            do {
                let start = try await other.read { try await $0.lastEventID() }
                let written = Written()
                let seen = try await withThrowingTaskGroup(of: [EventID].self) { group in
                    let follower = Task {
                        var cursor = start
                        var seen: [EventID] = []
                        while written.last.map({ cursor < $0 }) ?? true {
                            let batch = try await other.read { try await $0.events(after: cursor, limit: 100) }
                            seen += batch.map(\.id)
                            cursor = batch.last?.id ?? cursor
                        }
                        return seen
                    }
                    // when both instances open incidents and record calls at once (calls share no row to wait on)
                    for index in 0..<40 {
                        let store = index.isMultiple(of: 2) ? database.store : other
                        group.addTask {
                            _ = try await store.openIncident(description: "laporan \(index)")
                            for call in 0..<5 { try await store.receiveCall(CallID("call-\(index)-\(call)")) }
                            return []
                        }
                    }
                    try await group.waitForAll()
                    written.last = try await other.read { try await $0.lastEventID() }
                    return try await follower.value
                }
                // then numbers are unique and gap-free, and a reader following the log never skipped an event
                let numbers = try await database.store.read {
                    try await $0.incidents(matching: IncidentQuery(regionCode: Region.sidoarjo.code, limit: 100)).items
                }.map(\.number.sequence)
                #expect(Set(numbers) == Set(1...40))
                let all = try await other.read { try await $0.events(after: start, limit: 1000) }.map(\.id)
                #expect(seen == all)
                try await other.backend.shutdown()
            } catch {
                try? await other.backend.shutdown()
                throw error
            }
        }
    }

    @Test("Each region and local day has its own sequence")
    func sequencePerRegionAndDay() async throws {
        try await TestDatabase.with(regions: [.sidoarjo, .jayapura]) { database in
            // given 16:00Z is 23:00 WIB on the 23rd but 01:00 WIT on the 24th
            let store = database.store
            let evening = Date.utc("2026-11-23T16:00:00Z")
            // when
            let sidoarjo = try await store.openIncident(at: evening).0.number
            let jayapura = try await store.openIncident(at: evening, region: .jayapura).0.number
            let jayapuraAgain = try await store.openIncident(at: evening + 1, region: .jayapura).0.number
            // then
            #expect(sidoarjo.description == "3515-261123-0001")
            #expect(jayapura.description == "9171-261124-0001")
            #expect(jayapuraAgain.description == "9171-261124-0002")
        }
    }

    @Test("Events carry strictly increasing global ids across streams, readable from any id onwards")
    func globalEventOrder() async throws {
        try await TestDatabase.with { database in
            // given
            let store = database.store
            let (first, _) = try await store.openIncident()
            let (second, _) = try await store.openIncident()
            try await store.apply(.addNote("a"), to: first)
            try await store.apply(.addNote("b"), to: second)
            // when
            let all = try await store.read { try await $0.events(after: EventID(rawValue: 0), limit: 100) }
            let tail = try await store.read { try await $0.events(after: all[1].id, limit: 100) }
            // then
            #expect(all.map(\.id) == all.map(\.id).sorted())
            #expect(Set(all.map(\.id)).count == 4)
            #expect(tail.map(\.id) == Array(all.dropFirst(2).map(\.id)))
            #expect(try await store.read { try await $0.lastEventID() } == all.last?.id)
        }
    }

    @Test("Data written and acknowledged is there after the database is closed and opened again")
    func durableAcrossReopen() async throws {
        // given
        let database = try await TestDatabase.make()
        let (opened, _) = try await database.store.openIncident()
        try await database.store.backend.shutdown()
        // when
        let backend = try await database.reopen()
        let reopened = SQLStore(backend: backend)
        let read = try await reopened.read { try await $0.incident(opened.id) }
        try await backend.shutdown()
        try await database.remove()
        // then
        #expect(read == opened)
    }
}

@Suite("Projection rebuild")
struct ProjectionRebuildTests {
    @Test("An incident row written by an older version that no longer decodes is rebuilt from its events")
    func staleProjectionIsRebuilt() async throws {
        try await TestDatabase.with { database in
            // given a row whose state lacks a field this version has
            let (opened, _) = try await database.store.openIncident()
            try await database.store.backend.withWriter { db in
                let removed: SQLQueryString =
                    database.store.backend.dialect == .sqlite
                    ? "json_remove(state, '$.attachments')" : "(state::jsonb - 'attachments')::text"
                try await db.raw("UPDATE incidents SET state = \(removed) WHERE id = \(bind: opened.id.rawValue)").run()
            }
            // when
            let read = try await database.store.read { try await $0.incident(opened.id) }
            // then
            #expect(read == opened)
        }
    }
}

/// The last event the writers committed, once they are done.
private final class Written: Sendable {
    private let value = Mutex<EventID?>(nil)
    var last: EventID? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
