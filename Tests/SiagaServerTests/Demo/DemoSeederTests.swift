import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization
import Testing

@testable import SiagaServer

@Suite("Demo seeding")
struct DemoSeederTests {
    /// 2026-11-24 08:21:22 UTC, the moment a run of the two-instance test once seeded at.
    static let now = Date(timeIntervalSince1970: 1_795_508_482)

    /// Every stored event, grouped by its incident or call, in the order of the ids.
    static func streams(_ store: SQLStore) async throws -> [String: [StoredEvent]] {
        let events = try await store.read { try await $0.events(after: EventID(rawValue: 0), limit: 1_000_000) }
        return Dictionary(grouping: events.filter { ["incident", "call"].contains($0.streamType) }, by: \.streamID)
    }

    @Test("The demo seeds both regions with the last day's traffic, every timeline running forward to now")
    func seedsADay() async throws {
        try await TestDatabase.with(regions: []) { database in
            let summary = try #require(try await DemoSeeder.seedIfEmpty(database.store, now: Self.now))

            #expect(summary.regions == 2)
            #expect(summary.agencies == 18)
            #expect(summary.calls > 200)
            #expect(summary.incidents > 10)
            for (stream, events) in try await Self.streams(database.store) {
                let times = events.map(\.metadata.at)
                #expect(times == times.sorted(), "\(stream) goes back in time")
                #expect(times.allSatisfy { $0 > Self.now.addingTimeInterval(-86_400) && $0 <= Self.now }, "\(stream)")
            }
            #expect(
                try await DemoSeeder.seedIfEmpty(database.store, now: Self.now) == nil,
                "a second seeding writes nothing")
        }
    }

    @Test("Another server's SLA engine writing meanwhile makes the seeding fail with a reason, not pass as the demo")
    func anotherServerInterrupts() async throws {
        try await TestDatabase.with(regions: []) { database in
            // given another server on the same database whose SLA engine runs round after round, a moment later
            let watcher = ResponseWatcher(
                dependencies: Dependencies(store: database.store, now: { Self.now.addingTimeInterval(1) }))
            let seeding = Atomic<Bool>(true)
            let rounds = Task {
                var marks = 0
                while seeding.load(ordering: .relaxed) { marks += (try? await watcher.recordDue().count) ?? 0 }
                return marks
            }

            // when the demo is seeded
            let outcome: Result<DemoSummary?, any Error>
            do { outcome = .success(try await DemoSeeder.seedIfEmpty(database.store, now: Self.now)) } catch {
                outcome = .failure(error)
            }
            seeding.store(false, ordering: .relaxed)
            let marks = await rounds.value

            // then a seeding the engine wrote into fails and says why; one it did not is the demo, in order
            switch outcome {
            case .failure(let error):
                #expect(error is DemoInterrupted, "\(error)")
                #expect("\(error)".contains("siaga demo"))
            case .success:
                #expect(marks == 0)
                for (stream, events) in try await Self.streams(database.store) {
                    let times = events.map(\.metadata.at)
                    #expect(times == times.sorted(), "\(stream) goes back in time")
                }
            }
        }
    }
}
