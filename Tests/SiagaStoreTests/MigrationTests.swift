import Foundation
import SQLKit
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("A fresh database reaches the latest version with contiguous step numbers")
    func freshDatabaseReachesLatest() async throws {
        try await TestDatabase.with { database in
            // when
            let versions = try await MigrationRunner.appliedVersions(database.store.backend)
            // then
            #expect(versions == Array(1...AllMigrations.list.count))
            #expect(AllMigrations.list.map(\.version) == Array(1...AllMigrations.list.count))
        }
    }

    @Test("Running migrations again applies nothing")
    func rerunIsNoOp() async throws {
        try await TestDatabase.with { database in
            // when
            let applied = try await MigrationRunner.migrate(database.store.backend)
            // then
            #expect(applied.isEmpty)
        }
    }
}

@Suite("Migrations: data stored before a step")
struct MigrationBackfillTests {
    @Test("Incidents and calls stored before response-time accountability get their timed steps and answer times")
    func responseAccountabilityBackfill() async throws {
        // given a database at version 14 holding a resolved incident and an answered call, as stored then
        let database = try await TestDatabase.make(regions: [], migrations: Array(AllMigrations.list.prefix(14)))
        let store = database.store
        let backend = store.backend
        let incident = Incident.fixture(.resolved)
        let call = Call.fixture(.active)
        _ = try await store.write(now: .t0) { transaction in
            try await transaction.insertRegion(.sidoarjo, categories: .defaults, now: .t0)
            for agency in Agency.fixtures(in: Region.sidoarjo.code) { try await transaction.upsertAgency(agency) }
            return StoredResponse(status: 200, body: "{}")
        }
        try await Self.insertAsVersion14(incident, call, backend)

        // when
        let applied = try await MigrationRunner.migrate(backend)

        // then
        #expect(applied == Array(15...AllMigrations.list.count))
        let steps = try await backend.withReader { database in
            try await database.raw(
                "SELECT step, done_at_ms FROM response_intervals WHERE incident_id = \(bind: incident.id.rawValue) ORDER BY started_at_ms, step"
            ).all().map {
                (
                    try $0.decode(column: "step", as: String.self),
                    try $0.decode(column: "done_at_ms", as: Int64?.self) != nil
                )
            }
        }
        #expect(steps.map(\.0) == ["callProcessing", "alarmAnswering", "unitAssignment"])
        #expect(steps.map(\.1) == [true, true, false])
        let answered = try await store.callFacts(
            in: Region.sidoarjo.code, from: .t0.addingTimeInterval(-3600), to: .t0.addingTimeInterval(3600))
        #expect(answered.map(\.answeredAt) == [call.answeredAt])
        let reread = try await store.read { try await $0.incident(incident.id) }
        #expect(reread?.responseMarks == [])
        try await database.destroy()
    }

    /// Writes the rows as version 14 had them: no answer columns on calls, and states without the fields added
    /// since.
    static func insertAsVersion14(_ incident: Incident, _ call: Call, _ backend: any DatabaseBackend) async throws {
        func old(_ value: some Encodable, without keys: [String]) throws -> String {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .millisecondsSince1970
            var object = try JSONSerialization.jsonObject(with: encoder.encode(value)) as! [String: Any]
            for key in keys { object.removeValue(forKey: key) }
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let incidentState = try old(incident, without: ["responseMarks", "callAnsweredAt"])
        let callState = try old(call, without: [])
        try await backend.withWriter { database in
            try await database.raw(
                """
                INSERT INTO incidents (id, number, region_code, status, category, subcategory, priority, search_text,
                    caller_number, created_at_ms, updated_at_ms, version, state)
                VALUES (\(bind: incident.id.rawValue), \(bind: incident.number.description), '35.15',
                    \(bind: incident.status.rawValue), 'kebakaran', 'rumah', 'P1', '', NULL,
                    \(bind: incident.createdAt.millisecondsSince1970), \(bind: incident.updatedAt.millisecondsSince1970),
                    \(bind: incident.version), \(bind: incidentState))
                """
            ).run()
            try await database.raw(
                """
                INSERT INTO calls (id, region_code, channel, caller_number, ring_at_ms, disposition, incident_id,
                    callback_open, callback_due_ms, version, state)
                VALUES (\(bind: call.id.rawValue), '35.15', 'voice112', NULL, \(bind: call.ringAt.millisecondsSince1970),
                    NULL, NULL, 0, NULL, \(bind: call.version), \(bind: callState))
                """
            ).run()
        }
    }
}
