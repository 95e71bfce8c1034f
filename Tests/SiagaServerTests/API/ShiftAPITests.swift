import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

/// The 24-hour floor: shifts, roster, who is on duty, and the handover between supervisors.
@Suite("Shifts, duty and handover API")
struct ShiftAPITests {
    @Test("At 10:00 WIB the morning shift runs; a region may switch to two twelve-hour shifts")
    func pattern() async throws {
        try await TestApp.run(as: .admin) { app in
            let standard = try await app.send(.get, "/regions/35.15/shifts")
            #expect(standard["current.code"] as? String == "pagi")
            #expect((standard["shifts"] as? [[String: Any]])?.count == 3)
            let twelve = try await app.send(
                .put, "/regions/35.15/shifts",
                json: [
                    "shifts": [
                        ["code": "siang", "name": "Siang", "start": "07:00", "durationMinutes": 720],
                        ["code": "malam", "name": "Malam", "start": "19:00", "durationMinutes": 720],
                    ]
                ])
            #expect(twelve["current.code"] as? String == "siang", "\(twelve.text)")
            let gap = try await app.send(
                .put, "/regions/35.15/shifts",
                json: ["shifts": [["code": "siang", "name": "Siang", "start": "07:00", "durationMinutes": 600]]])
            #expect(gap.status == .badRequest)
            let badTime = try await app.send(
                .put, "/regions/35.15/shifts",
                json: [
                    "shifts": [
                        ["code": "malam", "name": "Malam", "start": "19:00", "durationMinutes": 720],
                        ["code": "siang", "name": "Siang", "start": "7 pagi", "durationMinutes": 720],
                    ]
                ])
            #expect(badTime["errors.0.field"] as? String == "shifts[1].start")
            #expect(try await app.send(.get, "/audit?action=shifts.changed")["items.0.target"] as? String == "35.15")
        }
    }

    @Test(
        "The roster names floor staff of the region; who signs in during a shift is on duty; idle agencies are flagged")
    func onDuty() async throws {
        try await TestApp.run(as: .supervisorSidoarjo) { app in
            let rostered = try await app.send(
                .put, "/regions/35.15/roster/2026-11-23/pagi", json: ["usernames": ["uji.kepala.sidoarjo"]])
            #expect(rostered.status == .noContent, "\(rostered.text)")
            let stranger = try await app.send(
                .put, "/regions/35.15/roster/2026-11-23/pagi", json: ["usernames": ["uji.damkar"]])
            #expect(stranger.status == .badRequest)
            _ = try await app.send(.get, "/session", as: .damkarOperator)
            #expect(
                try await app.send(.post, "/agencies/3515-damkar/duty", json: ["onDuty": true], as: .damkarOperator)
                    .status == .noContent)
            let notTheirs = try await app.send(
                .post, "/agencies/3515-psc119/duty", json: ["onDuty": true], as: .damkarOperator)
            #expect(notTheirs.status == .forbidden)

            let now = try await app.send(.get, "/regions/35.15/on-duty")
            #expect(now["shift.code"] as? String == "pagi")
            #expect(now["rostered"] as? [String] == ["uji.kepala.sidoarjo"])
            let signedIn = (now["signedIn"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            #expect(signedIn == ["uji.kepala.sidoarjo"])
            let unattended = now["unattendedAgencies"] as? [String] ?? []
            #expect(!unattended.contains("3515-damkar"))
            #expect(unattended.contains("3515-psc119"))

            // A mark lapses after 12 hours unless renewed.
            app.clock.advance(by: 11 * 3600)
            _ = try await app.send(.post, "/agencies/3515-damkar/duty", json: ["onDuty": true], as: .damkarOperator)
            app.clock.advance(by: 2 * 3600)
            let renewed = try await app.send(.get, "/regions/35.15/on-duty")
            #expect(!(renewed["unattendedAgencies"] as? [String] ?? []).contains("3515-damkar"))
            _ = try await app.send(.post, "/agencies/3515-damkar/duty", json: ["onDuty": false], as: .damkarOperator)
            let after = try await app.send(.get, "/regions/35.15/on-duty")
            #expect((after["unattendedAgencies"] as? [String] ?? []).contains("3515-damkar"))
        }
    }

    @Test(
        "The outgoing supervisor's handover carries open incidents, overdue dispatches and the shift's calls; the incoming one receives it"
    )
    func handover() async throws {
        try await TestApp.run(as: .supervisorSidoarjo) { app in
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
            _ = try await app.send(
                .post, "/calls", json: ["regionCode": "35.15", "channel": "voice112", "disposition": "prank"])
            app.clock.advance(by: 4 * 3600 + 30 * 60)  // 14:30 WIB, near the end of the morning shift

            let written = try await app.send(
                .post, "/regions/35.15/handovers", json: ["note": "Kebakaran Pepelegi masih ditangani Damkar."])
            #expect(written.status == .created, "\(written.text)")
            #expect(written["shift.code"] as? String == "pagi")
            #expect((written["summary.openIncidents"] as? [[String: Any]])?.first?["id"] as? String == id)
            #expect(written["summary.overdueDispatches.0.agencyId"] as? String == "3515-damkar")
            #expect(written["summary.callsByDisposition.prank"] as? Int == 1)
            #expect(written["summary.callCount"] as? Int == 2)
            let handover = try #require(written["id"] as? String)

            let own = try await app.send(.post, "/handovers/\(handover)/acknowledgement", json: [:])
            #expect(own.status == .forbidden && own["reason"] as? String == "ownHandover")
            let byOperator = try await app.send(
                .post, "/handovers/\(handover)/acknowledgement", json: [:], as: .callTaker)
            #expect(byOperator.status == .forbidden)
            let received = try await app.send(
                .post, "/handovers/\(handover)/acknowledgement", json: ["note": "Diterima"], as: .supervisor)
            #expect(received["acknowledgedBy"] as? String == "petugas:uji.kepala")
            let twice = try await app.send(.post, "/handovers/\(handover)/acknowledgement", json: [:], as: .supervisor)
            #expect(twice.status == .conflict)
            let one = try await app.send(.get, "/handovers/\(handover)", as: .supervisor)
            #expect(one["acknowledgedBy"] as? String == "petugas:uji.kepala")
            let listed = try await app.send(.get, "/regions/35.15/handovers", as: .supervisor)
            #expect(try await app.send(.get, "/regions/35.15/handovers", as: .damkarOperator).status == .forbidden)
            #expect(listed["items.0.acknowledgementNote"] as? String == "Diterima")
        }
    }

    @Test("A handover written in the first hour of a shift is for the shift that just ended")
    func lateHandover() async throws {
        try await TestApp.run(as: .supervisorSidoarjo) { app in
            app.clock.advance(by: 5 * 3600 + 20 * 60)  // 15:20 WIB: the afternoon shift began 20 minutes ago
            let written = try await app.send(.post, "/regions/35.15/handovers", json: ["note": "Aman terkendali."])
            #expect(written["shift.code"] as? String == "pagi")
        }
    }
}
