import Foundation
import HTTPTypes
import HummingbirdTesting
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization
import Testing

@testable import SiagaServer

/// The live feed with real WebSocket clients against a running server.
@Suite("Live feed", .serialized)
struct LiveFeedTests {
    static let consoles = 50
    static let writers = 100

    static var call: [String: Any] {
        ["regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500003", "disposition": "prank"]
    }

    /// The events after `after` in the log, as ids.
    static func logged(after: Int64, _ app: LiveTestApp) async throws -> [Int64] {
        try await app.database.store.read { try await $0.events(after: EventID(rawValue: after), limit: 10_000) }
            .map(\.id.rawValue)
    }

    @Test("A console that drops, misses events and reconnects with `since` gets exactly those, in order, then ready")
    func reconnectReplaysExactlyTheMissed() async throws {
        try await LiveTestApp.run { app in
            let first = try await app.listen(as: .supervisor) { $0.contains { $0.type == "ready" } }
            let seen = try #require(first.last?.lastEventID)
            for _ in 0..<5 { try await app.send(.post, "/calls", json: Self.call, as: .supervisor) }
            let missed = try await Self.logged(after: seen, app)
            #expect(missed.count >= 5)

            let again = try await app.listen(as: .supervisor, since: EventID(rawValue: seen)) {
                $0.contains { $0.type == "ready" }
            }
            #expect(again.filter { $0.type == "event" }.compactMap(\.eventID) == missed)
            #expect(again.last?.type == "ready")
            #expect(again.last?.lastEventID == missed.last)
        }
    }

    @Test("100 writers and 50 consoles at once: every console gets every event it may see, once, in order")
    func concurrentWritersAndSubscribers() async throws {
        try await LiveTestApp.run { app in
            // Sessions first, so the burst below is all writes.
            _ = try await app.credentials(.supervisor)
            _ = try await app.credentials(.smsGateway)
            let watermarks = Shared<[Int: Int64]>([:])
            let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
            let finalID = Shared<Int64?>(nil)
            try await withThrowingTaskGroup(of: (Int, [LiveTestMessage]).self) { group in
                for index in 0..<Self.consoles {
                    group.addTask {
                        let messages = try await app.listen(as: .supervisor) { messages in
                            if messages.count == 1, let id = messages[0].lastEventID, messages[0].type == "ready" {
                                watermarks.update { $0[index] = id }
                                readyContinuation.yield()
                            }
                            guard let last = finalID.get() else { return false }
                            return messages.contains { ($0.eventID ?? 0) > last }
                        }
                        return (index, messages)
                    }
                }
                // Wait until every console is subscribed, then write from 100 writers at once.
                var readiness = ready.makeAsyncIterator()
                for _ in 0..<Self.consoles { _ = await readiness.next() }
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for _ in 0..<Self.writers {
                        writers.addTask { try await app.send(.post, "/calls", json: Self.call, as: .smsGateway) }
                    }
                    try await writers.waitForAll()
                }
                let last = try await app.database.store.read { try await $0.lastEventID() }.rawValue
                finalID.update { $0 = last }
                // One more write after the last counted one tells every console it has seen them all.
                try await app.send(.post, "/calls", json: Self.call, as: .smsGateway)
                let expected = try await Self.logged(after: 0, app).filter { $0 <= last }
                for try await (index, messages) in group {
                    let start = try #require(watermarks.get()[index])
                    let ids = messages.filter { $0.type == "event" }.compactMap(\.eventID).filter { $0 <= last }
                    #expect(ids == expected.filter { $0 > start }, "console \(index)")
                    #expect(ids.count >= Self.writers, "console \(index)")
                }
            }
        }
    }

    @Test("A breach and its escalations reach the consoles of the agency and the command center live")
    func breachesAreLive() async throws {
        try await LiveTestApp.run { app in
            // given a fire forwarded to Damkar, and both consoles caught up
            let (_, created) = try await app.send(
                .post, "/incidents",
                json: ["regionCode": "35.15", "description": "Asap di gudang", "category": "kebakaran"], as: .supervisor
            )
            let id = try #require((created["incident"] as? [String: Any])?["id"] as? String)
            try await app.send(
                .post, "/incidents/\(id)/events",
                json: ["type": "forward", "version": 1, "agencyIds": ["3515-damkar"], "reason": "Uji"], as: .supervisor)
            let damkar = try #require(
                try await app.listen(as: .damkarOperator) { $0.contains { $0.type == "ready" } }.last?.lastEventID)
            let floor = try #require(
                try await app.listen(as: .supervisor) { $0.contains { $0.type == "ready" } }.last?.lastEventID)

            // when an hour passes unacknowledged
            let later = Date().addingTimeInterval(3600)
            try await ResponseWatcher(dependencies: Dependencies(store: app.database.store, now: { later }))
                .recordDue()

            // then
            for (user, since) in [(TestUser.damkarOperator, damkar), (.supervisor, floor)] {
                let messages = try await app.listen(as: user, since: EventID(rawValue: since)) {
                    $0.contains { $0.type == "ready" }
                }
                let texts = messages.filter { $0.type == "event" }.map(\.text)
                #expect(texts.contains { $0.contains("\"responseBreached\"") }, "\(user.account.username)")
                #expect(texts.filter { $0.contains("\"escalated\"") }.count == 3, "\(user.account.username)")
            }
        }
    }

    @Test("A Damkar console never receives an incident sent only to PSC 119, and does receive Damkar's")
    func agencyScope() async throws {
        try await LiveTestApp.run { app in
            let ready = try await app.listen(as: .damkarOperator) { $0.contains { $0.type == "ready" } }
            let since = try #require(ready.last?.lastEventID)
            let incident: [String: Any] = [
                "regionCode": "35.15", "description": "Orang pingsan di pasar", "category": "medis",
            ]
            let (_, toPSC) = try await app.send(.post, "/incidents", json: incident, as: .supervisor)
            let pscID = try #require((toPSC["incident"] as? [String: Any])?["id"] as? String)
            try await app.send(
                .post, "/incidents/\(pscID)/events",
                json: ["type": "forward", "version": 1, "agencyIds": ["3515-psc119"], "reason": "Uji"], as: .supervisor)
            let (_, toDamkar) = try await app.send(
                .post, "/incidents",
                json: ["regionCode": "35.15", "description": "Asap di gudang", "category": "kebakaran"],
                as: .supervisor)
            let damkarID = try #require((toDamkar["incident"] as? [String: Any])?["id"] as? String)
            let (status, _) = try await app.send(
                .post, "/incidents/\(damkarID)/events",
                json: ["type": "forward", "version": 1, "agencyIds": ["3515-damkar"], "reason": "Uji"], as: .supervisor)
            #expect(status == .created)

            let replay = try await app.listen(as: .damkarOperator, since: EventID(rawValue: since)) {
                $0.contains { $0.type == "ready" }
            }
            let texts = replay.filter { $0.type == "event" }.map(\.text)
            #expect(!texts.isEmpty)
            #expect(texts.allSatisfy { $0.contains(damkarID) && !$0.contains(pscID) })
            #expect(texts.allSatisfy { !$0.contains("\"callerNumber\"") })
        }
    }

    @Test("A console too far behind is told to reload over REST, then carries on live; no sign-in, no feed")
    func resyncAndRefusals() async throws {
        try await LiveTestApp.run(maxReplay: 2) { app in
            for _ in 0..<3 { try await app.send(.post, "/calls", json: Self.call, as: .supervisor) }
            let messages = try await app.listen(as: .supervisor, since: EventID(rawValue: 0)) {
                $0.contains { $0.type == "ready" }
            }
            #expect(messages.map(\.type) == ["resync", "ready"])
            let last = try await app.database.store.read { try await $0.lastEventID() }.rawValue
            #expect(messages.first?.lastEventID == last)
            let (status, _) = try await app.client.execute(uri: "/api/v1/live?since=12", method: .get) {
                ($0.status, ())
            }
            #expect(status == .unauthorized)
            let (stats, body) = try await app.send(.get, "/live/stats", as: .supervisor)
            #expect(stats == .ok)
            #expect(body["lastEventId"] as? String == String(last))
        }
    }

    @Test("A field team's position reaches the map of every console that reads the region's units")
    func unitPositionsAreLive() async throws {
        try await LiveTestApp.run { app in
            let ready = try await app.listen(as: .leader) { $0.contains { $0.type == "ready" } }
            let since = try #require(ready.last?.lastEventID)
            let at = ISO8601DateFormatter().string(from: Date())
            let (status, _) = try await app.send(
                .put, "/units/3515-damkar-waru-1/position",
                json: ["latitude": -7.35, "longitude": 112.72, "at": at], as: .damkarCrew)
            #expect(status == .ok)
            // The position is in the replay, or right after it when the feed had not read it yet.
            let replay = try await app.listen(as: .leader, since: EventID(rawValue: since)) {
                $0.contains { $0.stream == "unit" }
            }
            let unit = try #require(replay.first { $0.stream == "unit" })
            #expect(unit.text.contains("positionReported") && unit.text.contains("3515-damkar-waru-1"))
            #expect(unit.text.contains("petugas:uji.regu.waru"))
        }
    }

    @Test("Presence: the supervisor sees who has a console open and which agencies are online")
    func presence() async throws {
        try await LiveTestApp.run { app in
            let damkar = try await app.dependencies.live.subscribe(
                Principal.user(.agencyOperator, in: .region(RegionCode("35.15")!)))
            let (status, body) = try await app.send(.get, "/live/presence?region=35.15", as: .supervisor)
            #expect(status == .ok)
            let agencies = body["agencies"] as? [[String: Any]] ?? []
            #expect(agencies.first { $0["agencyId"] as? String == "3515-damkar" }?["online"] as? Bool == true)
            #expect(agencies.first { $0["agencyId"] as? String == "3515-psc119" }?["online"] as? Bool == false)
            let names = (body["connected"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["uji-agencyoperator"])
            await app.dependencies.live.unsubscribe(damkar.id)
            let (_, after) = try await app.send(.get, "/live/presence?region=35.15", as: .supervisor)
            #expect((after["connected"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Presence counts the consoles open on every instance that shares the database, and forgets a silent one")
    func presenceAcrossInstances() async throws {
        try await LiveTestApp.run { app in
            // given a PSC 119 operator connected to another instance, which reports its consoles
            var other = Dependencies(store: app.database.store, now: { app.dependencies.now() })
            let operatorPSC = Principal(
                name: "uji-psc", role: .agencyOperator, jurisdiction: .region(RegionCode("35.15")!),
                agency: AgencyID("3515-psc119"), credential: .session(id: "sesi-psc"))
            let psc = try await other.live.subscribe(operatorPSC)
            #expect(try await ConsolePresenceBoard(dependencies: other).report() == 1)
            // and a Damkar operator connected here
            let damkar = try await app.dependencies.live.subscribe(
                Principal.user(.agencyOperator, in: .region(RegionCode("35.15")!)))

            // when
            let (_, body) = try await app.send(.get, "/live/presence?region=35.15", as: .supervisor)

            // then both agencies are online, each operator listed once
            let agencies = body["agencies"] as? [[String: Any]] ?? []
            #expect(agencies.first { $0["agencyId"] as? String == "3515-psc119" }?["online"] as? Bool == true)
            #expect(agencies.first { $0["agencyId"] as? String == "3515-damkar" }?["online"] as? Bool == true)
            #expect((body["connected"] as? [[String: Any]] ?? []).count == 2)

            // when the other instance stops reporting for longer than the expiry
            other.now = { app.dependencies.now().addingTimeInterval(-ConsolePresenceBoard.expiry - 1) }
            _ = try await ConsolePresenceBoard(dependencies: other).report()
            let (_, later) = try await app.send(.get, "/live/presence?region=35.15", as: .supervisor)
            let stillOnline = (later["agencies"] as? [[String: Any]] ?? []).filter { $0["online"] as? Bool == true }
            #expect(stillOnline.compactMap { $0["agencyId"] as? String } == ["3515-damkar"])
            await app.dependencies.live.unsubscribe(damkar.id)
            await other.live.unsubscribe(psc.id)
        }
    }

    @Test("A stalled console is dropped with a reason without holding up the others")
    func stalledSubscriberIsDropped() async throws {
        try await TestDatabase.with { database in
            let dependencies = Dependencies(store: database.store)
            let publisher = EventPublisher(store: database.store, capacity: 4)
            let stalled = try await publisher.subscribe(.sidoarjo(.supervisor))
            let reading = try await publisher.subscribe(.sidoarjo(.supervisor))
            var frames = reading.frames.makeAsyncIterator()
            var received = 0
            for index in 0..<10 {
                let change = try await database.store.perform(
                    IncidentService(dependencies: dependencies).create(
                        CreateIncident(regionCode: RegionCode("35.15")!, description: "Kejadian \(index)"),
                        as: .trusted(.supervisor)))
                try await publisher.publish()
                for _ in change.events {
                    if case .message? = await frames.next() { received += 1 }
                }
            }
            let logged = try await database.store.read { try await $0.events(after: EventID(rawValue: 0), limit: 100) }
            #expect(received == logged.count)
            #expect(await publisher.wasDroppedForLag(stalled.id))
            #expect(await publisher.stats().disconnectedForLag == 1)
            #expect(await publisher.stats().connected == 1)
        }
    }
}
