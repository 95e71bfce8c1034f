import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Response times: the SLA engine and the policy API")
struct ResponseTimeAPITests {
    /// The types of the incident's timeline events recorded by the SLA engine, with their stage.
    func marks(_ id: String, _ app: TestApp) async throws -> [String] {
        let events = try await app.send(.get, "/incidents/\(id)/events")
        return (events["items"] as? [[String: Any]] ?? []).filter { ($0["actor"] as? String) == "system:sla" }.map {
            "\($0["type"] ?? "")/\(($0["data"] as? [String: Any])?["stage"] ?? "")"
        }
    }

    func watcher(_ store: SQLStore, _ app: TestApp) -> ResponseWatcher {
        ResponseWatcher(dependencies: Dependencies(store: store, now: app.clock.nowFunction))
    }

    @Test("An agency that does not acknowledge gets a warning, a breach and escalations on the timeline")
    func agencyThatDoesNotAcknowledgeWithinSLAIsEscalated() async throws {
        try await TestApp.run { app in
            // given a P1 fire forwarded to Damkar (alarm answering target 60 s)
            let id = try await DispatchAPITests.forwarded(app)
            let watcher = watcher(app.database.store, app)

            // when
            app.clock.advance(by: 47)
            let early = try await watcher.recordDue()
            app.clock.advance(by: 1)
            try await watcher.recordDue()
            app.clock.advance(by: 12)
            try await watcher.recordDue()
            app.clock.advance(by: 60)
            try await watcher.recordDue()

            // then
            #expect(early.isEmpty)
            #expect(
                try await marks(id, app) == [
                    "responseWarning/warning", "responseBreached/breach", "escalated/supervisor",
                    "escalated/agencyHead", "escalated/leadership",
                ])
        }
    }

    @Test("A restart in the middle of a countdown loses nothing and doubles nothing, even with two servers watching")
    func restartLosesNothingAndDoublesNothing() async throws {
        try await TestApp.run { app in
            // given a warning recorded before the "restart"
            let id = try await DispatchAPITests.forwarded(app)
            app.clock.advance(by: 50)
            try await watcher(app.database.store, app).recordDue()

            // when a second server opens the same database and both watch through the breach
            let backend = try await app.database.reopen()
            let reopened = SQLStore(backend: backend)
            app.clock.advance(by: 45)
            async let first = watcher(app.database.store, app).recordDue()
            async let second = watcher(reopened, app).recordDue()
            let recorded = try await first.count + second.count
            let again = try await watcher(reopened, app).recordDue()
            try await backend.shutdown()

            // then
            #expect(recorded == 3)
            #expect(again.isEmpty)
            #expect(
                try await marks(id, app) == [
                    "responseWarning/warning", "responseBreached/breach", "escalated/supervisor",
                    "escalated/agencyHead",
                ])
        }
    }

    @Test("An acknowledgement sent at the version the operator saw succeeds after a warning was recorded")
    func warningDoesNotTurnAnAcknowledgementIntoAConflict() async throws {
        try await TestApp.run { app in
            // given the operator saw version 4, then the engine recorded a warning (version 5)
            let id = try await DispatchAPITests.forwarded(app)
            app.clock.advance(by: 50)
            try await watcher(app.database.store, app).recordDue()

            // when
            let acknowledged = try await app.command(
                id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"], as: .damkarOperator)
            app.clock.advance(by: 3600)
            let after = try await watcher(app.database.store, app).recordDue()

            // then: the warning stays, the alarm clock stopped, and unit assignment is now timed
            #expect(acknowledged.status == .created, "\(acknowledged.text)")
            #expect(
                after.contains {
                    if case .responseBreached(let mark) = $0 { mark.interval == .unitAssignment } else { false }
                })
            #expect(
                !after.contains {
                    if case .responseBreached(let mark) = $0 { mark.interval == .alarmAnswering } else { false }
                })
        }
    }

    @Test("A change anyone made meanwhile still conflicts")
    func realChangesStillConflict() async throws {
        try await TestApp.run { app in
            let id = try await DispatchAPITests.forwarded(app)
            try await app.command(id, "addNote", version: 4, ["text": "Pelapor menelepon lagi"])
            let stale = try await app.command(
                id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"], as: .damkarOperator)
            #expect(stale.status == .conflict)
        }
    }

    @Test("The defaults are in force until a region saves its own policy")
    func defaultPolicy() async throws {
        try await TestApp.run { app in
            let policy = try await app.send(.get, "/regions/35.15/response-policy", as: .callTaker)
            #expect(policy.status == .ok)
            #expect(policy["version"] as? Int == 0)
            #expect(policy["warningShare"] as? Double == 0.8)
            let targets = policy["targets"] as? [[String: Any]] ?? []
            #expect(targets.contains { $0["interval"] as? String == "callAnswering" && $0["seconds"] as? Int == 15 })
        }
    }

    @Test("An agency's commitment saved by the admin is a new version, audited, and times the next dispatch")
    func agencyCommitment() async throws {
        try await TestApp.run { app in
            // given
            var targets = try ResponsePolicy.defaults.targets.map(Self.json)
            targets.append([
                "interval": "alarmAnswering", "priority": "P1", "agencyId": "3515-damkar", "seconds": 30,
                "basis": "Perbup Sidoarjo 12/2024",
            ])

            // when
            let saved = try await app.send(
                .put, "/regions/35.15/response-policy", json: ["reason": "Komitmen Damkar", "targets": targets],
                as: .admin)
            let id = try await DispatchAPITests.forwarded(app)
            app.clock.advance(by: 30)
            try await watcher(app.database.store, app).recordDue()

            // then
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved["version"] as? Int == 1)
            #expect(try await marks(id, app) == ["responseBreached/breach", "escalated/supervisor"])
            let audit = try await app.send(.get, "/audit?action=response-policy.changed", as: .admin)
            #expect((audit["items"] as? [[String: Any]])?.count == 1)
            let versions = try await app.send(.get, "/regions/35.15/response-policy/versions")
            #expect((versions["items"] as? [[String: Any]])?.map { $0["version"] as? Int } == [1])
        }
    }

    @Test(
        "An incident carries each running step's deadlines under its region's policy, an agency's commitment included")
    func incidentCarriesItsDeadlines() async throws {
        try await TestApp.run { app in
            // given Damkar committed to 30 s for P1 alarms, and a P1 fire forwarded to it
            var targets = try ResponsePolicy.defaults.targets.map(Self.json)
            targets.append(["interval": "alarmAnswering", "priority": "P1", "agencyId": "3515-damkar", "seconds": 30])
            _ = try await app.send(
                .put, "/regions/35.15/response-policy", json: ["reason": "Komitmen Damkar", "targets": targets],
                as: .admin)
            let id = try await DispatchAPITests.forwarded(app)

            // when
            let shown = try await app.send(.get, "/incidents/\(id)")
            let listed = try await app.send(.get, "/incidents?region=35.15", as: .damkarOperator)
            app.clock.advance(by: 30)
            try await watcher(app.database.store, app).recordDue()
            let breached = try await app.send(.get, "/incidents/\(id)")

            // then: call processing ended with the forward; Damkar's alarm answering runs
            let deadlines = try #require(shown["deadlines"] as? [[String: Any]])
            let damkar = try #require(deadlines.first { $0["agencyId"] as? String == "3515-damkar" })
            let dispatch = try #require((shown["dispatches"] as? [[String: Any]])?.first)
            let start = try #require((dispatch["dispatchedAt"] as? String).flatMap(APIJSON.parseInstant))
            #expect(damkar["interval"] as? String == "alarmAnswering")
            #expect(damkar["targetSeconds"] as? Int == 30)
            #expect((damkar["warnAt"] as? String).flatMap(APIJSON.parseInstant) == start.addingTimeInterval(24))
            #expect((damkar["dueAt"] as? String).flatMap(APIJSON.parseInstant) == start.addingTimeInterval(30))
            #expect(damkar["breached"] as? Bool == false)
            let items = try #require(listed["items"] as? [[String: Any]])
            #expect(items.first { $0["id"] as? String == id }?["deadlines"] as? [[String: Any]] != nil)
            let after = try #require(breached["deadlines"] as? [[String: Any]])
            #expect(after.first { $0["agencyId"] as? String == "3515-damkar" }?["breached"] as? Bool == true)
        }
    }

    @Test("The console's status words come from one table, the same the API's refusals use")
    func statusWordsAreOneTable() async throws {
        try await TestApp.run { app in
            // when
            let words = try await app.send(.get, "/words", signedIn: false)

            // then
            #expect(words.status == .ok)
            let indonesian = try #require(words["id"] as? [String: String])
            let english = try #require(words["en"] as? [String: String])
            #expect(indonesian["dispatch.enRoute"] == "Menuju lokasi")
            #expect(english["dispatch.enRoute"] == "En route")
            #expect(indonesian["status.logged"] == "Tercatat")
            #expect(indonesian["callStatus.ringing"] == "Berdering")
            let expected =
                IncidentStatus.allCases.count + DispatchStatus.allCases.count + UnitStatus.allCases.count
                + CallStatus.allCases.count
            #expect(indonesian.count == expected)
            #expect(Set(indonesian.keys) == Set(english.keys))
        }
    }

    @Test("A policy with holes, impossible figures or an unknown agency is refused field by field")
    func invalidPolicy() async throws {
        try await TestApp.run { app in
            let holes = try await app.send(
                .put, "/regions/35.15/response-policy",
                json: ["reason": "Uji", "targets": [["interval": "callAnswering", "seconds": 0]], "warningShare": 2],
                as: .admin)
            #expect(holes.status == .badRequest)
            let fields = Set((holes["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["targets", "targets[0].seconds", "warningShare"])

            var targets = try ResponsePolicy.defaults.targets.map(Self.json)
            targets.append(["interval": "alarmAnswering", "agencyId": "3505-damkar", "seconds": 30])
            let foreign = try await app.send(
                .put, "/regions/35.15/response-policy", json: ["reason": "Uji", "targets": targets], as: .admin)
            #expect(foreign.status == .badRequest)
            #expect(foreign["errors.0.field"] as? String == "targets[\(targets.count - 1)].agencyId")

            let callTaker = try await app.send(
                .put, "/regions/35.15/response-policy", json: ["reason": "Uji", "targets": targets], as: .callTaker)
            #expect(callTaker.status == .forbidden)
        }
    }

    static func json(_ target: ResponsePolicy.Target) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(target)) as? [String: Any] ?? [:]
    }
}
