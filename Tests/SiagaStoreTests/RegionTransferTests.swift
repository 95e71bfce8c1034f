import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Moving a region from the embedded database")
struct RegionTransferTests {
    /// A migrated SQLite database holding Sidoarjo and Blitar, each with an incident.
    static func embeddedSource() async throws -> (SQLiteBackend, String, [Incident]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "siaga-source-\(UUID().uuidString).sqlite"
        ).path
        let backend = try await SQLiteBackend.open(path: path, readerCount: 1)
        try await MigrationRunner.migrate(backend)
        let store = SQLStore(backend: backend)
        _ = try await store.write(now: .t0) { transaction in
            for region in [Region.sidoarjo, .blitar] {
                try await transaction.insertRegion(region, categories: .defaults, now: .t0)
                for agency in Agency.fixtures(in: region.code) { try await transaction.upsertAgency(agency) }
            }
            return StoredResponse(status: 200, body: "{}")
        }
        let (sidoarjo, _) = try await store.openIncident(description: "Kebakaran gudang")
        let (blitar, _) = try await store.openIncident(description: "Banjir", region: .blitar)
        return (backend, path, [sidoarjo, blitar])
    }

    @Test(
        "A region's incidents, timelines and agencies arrive whole beside the target's regions, verified table by table"
    )
    func regionArrivesWhole() async throws {
        let (source, path, incidents) = try await Self.embeddedSource()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await TestDatabase.with(regions: [.jayapura]) { target in
            let (existing, _) = try await target.store.openIncident(region: .jayapura)

            // when
            let reports = try await RegionTransfer.copy(
                regions: [Region.sidoarjo.code], from: source, to: target.store.backend)

            // then
            #expect(reports.allSatisfy { $0.matches })
            #expect(reports.first { $0.table == "incidents" }?.targetRows == 1)
            #expect(reports.first { $0.table == "agencies" }?.targetRows == 4)
            let moved = try await target.store.read { try await $0.incident(incidents[0].id) }
            #expect(moved == incidents[0])
            #expect(try await target.store.read { try await $0.incident(incidents[1].id) } == nil)
            #expect(try await target.store.read { try await $0.incident(existing.id) } == existing)
            let timeline = try await target.store.read { try await $0.incidentEvents(incidents[0].id) }
            let original = try await SQLStore(backend: source).read { try await $0.incidentEvents(incidents[0].id) }
            #expect(timeline.map(\.event) == original.map(\.event))
            #expect(!timeline.isEmpty)
        }
        try await source.shutdown()
    }

    @Test("A region the target already serves is refused and nothing is copied")
    func existingRegionIsRefused() async throws {
        let (source, path, _) = try await Self.embeddedSource()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await TestDatabase.with(regions: [.sidoarjo]) { target in
            await #expect(throws: RegionTransfer.Failure.regionAlreadyInTarget([Region.sidoarjo.code])) {
                try await RegionTransfer.copy(regions: [], from: source, to: target.store.backend)
            }
            let blitar = try await target.store.read { try await $0.region(Region.blitar.code) }
            #expect(blitar == nil)
        }
        try await source.shutdown()
    }
}
