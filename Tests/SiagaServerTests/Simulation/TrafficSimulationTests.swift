import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// `siaga simulate`: days of synthetic traffic written in bulk, which must be what the services would have
/// written: the projections agree with the event log, most calls are not emergencies, and what is done is closed.
@Suite("Traffic simulation")
struct TrafficSimulationTests {
    static let end = Date.utc("2026-10-15T10:00:00Z")
    static let sidoarjo = RegionCode("35.15")!

    func simulate(_ database: TestDatabase, days: Int = 2, callsPerDay: Int = 300, seed: UInt64 = 7) async throws
        -> TrafficSimulation.Summary
    {
        try await TrafficSimulation.run(
            store: database.store, region: Self.sidoarjo, days: days, callsPerDay: callsPerDay, end: Self.end,
            seed: seed)
    }

    @Test("most calls are not emergencies; about one in ten opens an incident, and some report one again")
    func trafficMix() async throws {
        try await TestDatabase.with(regions: []) { database in
            let summary = try await simulate(database)
            let calls = try await database.store.callFacts(
                in: Self.sidoarjo, from: Self.end.addingTimeInterval(-3 * 86400), to: Self.end)
            #expect(calls.count == summary.calls)
            #expect((500...700).contains(summary.calls))
            let dispositions = Dictionary(grouping: calls) { $0.disposition }.mapValues(\.count)
            let emergencies = dispositions[.emergency] ?? 0
            #expect(emergencies == summary.incidents)
            #expect(Double(emergencies) / Double(calls.count) > 0.05)
            #expect(Double(emergencies) / Double(calls.count) < 0.2)
            let idle = [.prank, .silent, .information, .wrongNumber, .test].reduce(0) { $0 + (dispositions[$1] ?? 0) }
            #expect(Double(idle) / Double(calls.count) > 0.6)
            #expect((dispositions[.duplicate] ?? 0) > 0)
            #expect(
                calls.allSatisfy { $0.ringAt <= Self.end && $0.ringAt >= Self.end.addingTimeInterval(-2 * 86400 - 60) })
        }
    }

    @Test("the projections say what the event log says, for every incident and call")
    func projectionsMatchTheLog() async throws {
        try await TestDatabase.with(regions: []) { database in
            let summary = try await simulate(database)
            let replay = try await database.store.read { try await $0.replayLog(of: Self.sidoarjo) }
            #expect(replay.incidents.count == summary.incidents)
            #expect(replay.calls.count == summary.calls)
            #expect(replay.events == summary.events)
            let stored = try await database.store.read { try await $0.incidents(ids: Array(replay.incidents.keys)) }
            #expect(stored.count == summary.incidents)
            for incident in stored { #expect(replay.incidents[incident.id] == incident) }
            for id in replay.calls.keys.prefix(200) {
                let call = try await database.store.read { try await $0.call(id) }
                #expect(call == replay.calls[id])
            }
            // The reports read the interval projection; a replay of the log gives the same figures.
            let policy = try await database.store.read { try await $0.responsePolicy(of: Self.sidoarjo) }
            let from = Self.end.addingTimeInterval(-3 * 86400)
            let projected = try await database.store.measuredIntervals(in: Self.sidoarjo, from: from, to: Self.end)
            let replayed = replay.incidents.values.flatMap { $0.measuredIntervals(policy: policy) }
            let calendar = ReportCalendar(zone: .wib, shifts: .standard)
            #expect(
                ResponseTimeReport(projected, by: nil, calendar: calendar)
                    == ResponseTimeReport(replayed, by: nil, calendar: calendar))
            #expect(!projected.isEmpty)
        }
    }

    @Test("incidents are forwarded, attended and closed, and the SLA engine marks the late steps")
    func incidentsFollowTheirLifecycle() async throws {
        try await TestDatabase.with(regions: []) { database in
            let summary = try await simulate(database)
            let replay = try await database.store.read { try await $0.replayLog(of: Self.sidoarjo) }
            let settled = replay.incidents.values.filter { $0.createdAt < Self.end.addingTimeInterval(-8 * 3600) }
            #expect(!settled.isEmpty)
            #expect(settled.allSatisfy { $0.status == .closed && !$0.dispatches.isEmpty })
            #expect(summary.marks > 0)
            #expect(replay.incidents.values.contains { $0.callIDs.count > 1 })
            // Every stream's events are in time order.
            let events = try await database.store.read {
                try await $0.events(after: EventID(rawValue: 0), limit: 100_000)
            }
            let streams = Dictionary(grouping: events) { $0.streamID }
            #expect(
                streams.values.allSatisfy { zip($0, $0.dropFirst()).allSatisfy { $0.metadata.at <= $1.metadata.at } })
        }
    }

    @Test("the same seed gives the same traffic")
    func deterministic() async throws {
        let first = try await TestDatabase.with(regions: []) { try await simulate($0, days: 1, callsPerDay: 200) }
        let second = try await TestDatabase.with(regions: []) { try await simulate($0, days: 1, callsPerDay: 200) }
        #expect(first == second)
    }

    @Test("a region that is not a demo region, or already has calls, is refused")
    func refusals() async throws {
        try await TestDatabase.with(regions: []) { database in
            await #expect(throws: TrafficSimulation.Failure.notADemoRegion(RegionCode("35.78")!)) {
                try await TrafficSimulation.run(
                    store: database.store, region: RegionCode("35.78")!, days: 1, callsPerDay: 10, end: Self.end)
            }
            _ = try await simulate(database, days: 1, callsPerDay: 20)
            await #expect(throws: TrafficSimulation.Failure.regionHasCalls(Self.sidoarjo)) {
                try await simulate(database, days: 1, callsPerDay: 20)
            }
        }
    }
}
