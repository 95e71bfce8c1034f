import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// A small scripted day in Sidoarjo, Wednesday 14 October 2026 (WIB), whose figures were worked out by hand:
///
/// Calls (ring → answer): 23:59:50 the day before → 00:00:08 (prank, counted on the 13th); 08:00:00 → 08:00:05
/// (emergency A); 09:00:00 → 09:00:12 (prank); 09:30:00 → 09:30:03 (silent); 10:00:00 never answered
/// (abandoned); 13:00:00 → 13:00:10 (emergency B); 23:59:45 → 00:00:05 the next day (information, 20 s).
///
/// Incident A, a house fire (P1): answered 08:00:05, forwarded to Damkar 08:01:35 (processing 90 s, late);
/// acknowledged 08:02:15 (40 s), unit 08:03:15 (60 s), on scene 08:12:15 (540 s), completed 09:12:15 (3600 s),
/// closed, reopened 11:00:00, Damkar again 11:00:30, acknowledged 11:02:30 (120 s, late), completed without a unit.
///
/// Incident B, a mental-health crisis (P2): answered 13:00:10, forwarded to Polresta and PSC 119 13:01:10
/// (processing 60 s); Polresta declines 13:01:40 (30 s) and is re-routed to BPBD 13:02:10, which never answers;
/// PSC acknowledges 13:03:10 (120 s), unit 13:04:10 (60 s), on scene 13:20:10 (960 s), still there at midnight.
@Suite("Reports: KPI figures for a scripted day")
struct ReportAPITests {
    static let start = Date.utc("2026-10-13T16:59:50Z")

    /// Moves the clock to `time` (WIB) on 14 October, or on `day`.
    func at(_ time: String, day: String = "2026-10-14", _ app: TestApp) {
        let target = try! Date("\(day)T\(time)+07:00", strategy: .iso8601)
        app.clock.advance(by: target.timeIntervalSince(app.clock.now()))
    }

    /// Sends a command at the incident's current version.
    @discardableResult
    func step(_ id: String, _ type: String, _ fields: [String: Any] = [:], _ app: TestApp) async throws -> TestResponse
    {
        let version = try #require(try await app.send(.get, "/incidents/\(id)")["version"] as? Int)
        let response = try await app.command(id, type, version: version, fields)
        #expect(response.status == .created, "\(type): \(response.text)")
        return response
    }

    func call(ringAt: String, day: String = "2026-10-14", _ fields: [String: Any], _ app: TestApp) async throws
        -> String
    {
        var body: [String: Any] = [
            "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234567890",
            "ringAt": "\(day)T\(ringAt)+07:00",
        ]
        body.merge(fields) { $1 }
        let response = try await app.send(.post, "/calls", json: body)
        #expect(response.status == .created, "\(response.text)")
        return try #require(response["call.id"] as? String)
    }

    func incident(_ callID: String, category: String, subcategory: String, kecamatan: String, _ app: TestApp)
        async throws -> String
    {
        let response = try await app.send(
            .post, "/incidents",
            json: [
                "regionCode": "35.15", "description": "Laporan warga", "category": category,
                "subcategory": subcategory, "callId": callID,
                "location": ["address": "Jl. Uji 1", "kecamatanCode": kecamatan, "source": "caller"],
            ])
        return try #require(response["incident.id"] as? String)
    }

    func scriptedDay(_ app: TestApp) async throws {
        at("00:00:08", day: "2026-10-14", app)
        _ = try await call(ringAt: "23:59:50", day: "2026-10-13", ["answered": true, "disposition": "prank"], app)
        // Incident A
        at("08:00:05", app)
        let c1 = try await call(ringAt: "08:00:00", ["answered": true], app)
        at("08:01:05", app)
        let a = try await incident(c1, category: "kebakaran", subcategory: "rumah", kecamatan: "35.15.18", app)
        at("08:01:35", app)
        try await step(a, "forward", ["agencyIds": ["3515-damkar"], "reason": "Skenario uji"], app)
        at("08:02:15", app)
        try await step(a, "acknowledgeDispatch", ["agencyId": "3515-damkar"], app)
        at("08:03:15", app)
        try await step(a, "assignUnit", ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"], app)
        at("08:03:45", app)
        try await step(a, "markEnRoute", ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"], app)
        at("08:12:15", app)
        try await step(a, "markOnScene", ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"], app)
        // Other calls of the morning
        at("09:00:12", app)
        _ = try await call(ringAt: "09:00:00", ["answered": true, "disposition": "prank"], app)
        at("09:12:15", app)
        try await step(a, "completeDispatch", ["agencyId": "3515-damkar", "outcome": ["summary": "Api padam"]], app)
        at("09:30:00", app)
        try await step(a, "close", ["note": "Diverifikasi"], app)
        at("09:30:03", app)
        _ = try await call(ringAt: "09:30:00", ["answered": true, "disposition": "silent"], app)
        at("10:00:30", app)
        _ = try await call(ringAt: "10:00:00", ["disposition": "abandoned"], app)
        at("11:00:00", app)
        try await step(a, "reopen", ["reason": "Api menyala lagi"], app)
        at("11:00:30", app)
        try await step(a, "dispatch", ["agencyId": "3515-damkar"], app)
        at("11:02:30", app)
        try await step(a, "acknowledgeDispatch", ["agencyId": "3515-damkar"], app)
        at("11:30:00", app)
        try await step(a, "completeDispatch", ["agencyId": "3515-damkar", "outcome": ["summary": "Pendinginan"]], app)
        // Incident B
        at("13:00:10", app)
        let c5 = try await call(ringAt: "13:00:00", ["answered": true], app)
        at("13:00:40", app)
        let b = try await incident(c5, category: "medis", subcategory: "odgj", kecamatan: "35.15.01", app)
        at("13:01:10", app)
        try await step(b, "forward", ["agencyIds": ["3515-polresta", "3515-psc119"], "reason": "Skenario uji"], app)
        at("13:01:40", app)
        try await step(b, "declineDispatch", ["agencyId": "3515-polresta", "reason": "Cukup ditangani PSC"], app)
        at("13:02:10", app)
        try await step(
            b, "rerouteDispatch", ["agencyId": "3515-polresta", "toAgencyId": "3515-bpbd", "reason": "Evakuasi"], app)
        at("13:03:10", app)
        try await step(b, "acknowledgeDispatch", ["agencyId": "3515-psc119"], app)
        at("13:04:10", app)
        try await step(b, "assignUnit", ["agencyId": "3515-psc119", "unitId": "3515-psc119-1"], app)
        at("13:05:00", app)
        try await step(b, "markEnRoute", ["agencyId": "3515-psc119", "unitId": "3515-psc119-1"], app)
        at("13:20:10", app)
        try await step(b, "markOnScene", ["agencyId": "3515-psc119", "unitId": "3515-psc119-1"], app)
        // Across midnight
        at("00:00:05", day: "2026-10-15", app)
        _ = try await call(ringAt: "23:59:45", ["answered": true, "disposition": "information"], app)
    }

    func step(_ report: TestResponse, _ path: String) -> [String: Any] {
        let steps = report[path] as? [[String: Any]] ?? []
        return steps.reduce(into: [:]) { result, step in
            result[step["interval"] as? String ?? ""] = step["statistics"]
        }
    }

    @Test("Each step's count, median, p90 and share within target match the hand-computed figures")
    func responseTimes() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let report = try await app.send(.get, "/reports/response-times?region=35.15&from=2026-10-14&to=2026-10-14")
            #expect(report.status == .ok, "\(report.text)")
            let steps = step(report, "report.overall")

            // Call answering is the first step, with the same figures as the call report: six calls rang, the one
            // nobody answered counts as breached
            let answering = try #require(steps["callAnswering"] as? [String: Any])
            #expect(answering["started"] as? Int == 6)
            #expect(answering["measured"] as? Int == 5)
            #expect(answering["medianSeconds"] as? Double == 10)
            #expect(answering["p90Seconds"] as? Double == 20)
            #expect(answering["withinTarget"] as? Int == 4)
            #expect(answering["breached"] as? Int == 2)
            let order = (report["report.overall"] as? [[String: Any]] ?? []).compactMap { $0["interval"] as? String }
            #expect(order.first == "callAnswering")

            let processing = try #require(steps["callProcessing"] as? [String: Any])
            #expect(processing["started"] as? Int == 2)
            #expect(processing["medianSeconds"] as? Double == 60)
            #expect(processing["p90Seconds"] as? Double == 90)
            #expect(processing["shareWithinTarget"] as? Double == 0.5)

            let alarm = try #require(steps["alarmAnswering"] as? [String: Any])
            #expect(alarm["started"] as? Int == 5)
            #expect(alarm["measured"] as? Int == 4)
            #expect(alarm["running"] as? Int == 1)
            #expect(alarm["medianSeconds"] as? Double == 40)
            #expect(alarm["p90Seconds"] as? Double == 120)
            #expect(alarm["withinTarget"] as? Int == 3)
            #expect(alarm["breached"] as? Int == 1)
            #expect(alarm["shareWithinTarget"] as? Double == 0.75)

            let assignment = try #require(steps["unitAssignment"] as? [String: Any])
            #expect(assignment["started"] as? Int == 3)
            #expect(assignment["measured"] as? Int == 2)
            #expect(assignment["medianSeconds"] as? Double == 60)

            let travel = try #require(steps["turnoutAndTravel"] as? [String: Any])
            #expect(travel["medianSeconds"] as? Double == 540)
            #expect(travel["p90Seconds"] as? Double == 960)
            #expect(travel["shareWithinTarget"] as? Double == 1)

            let scene = try #require(steps["onSceneHandling"] as? [String: Any])
            #expect(scene["started"] as? Int == 2)
            #expect(scene["measured"] as? Int == 1)
            #expect(scene["running"] as? Int == 1)
            #expect(scene["medianSeconds"] as? Double == 3600)
        }
    }

    @Test("Calls are counted on the day they rang, by disposition and hour, with their answering times")
    func calls() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let report = try await app.send(.get, "/reports/calls?region=35.15&from=2026-10-14&to=2026-10-14")
            #expect(report.status == .ok, "\(report.text)")
            #expect(report["report.total"] as? Int == 6)
            #expect(
                report["report.dispositions"] as? [String: Int] == [
                    "emergency": 2, "prank": 1, "silent": 1, "abandoned": 1, "information": 1,
                ])
            #expect(report["report.unanswered"] as? Int == 1)
            #expect(report["report.answering.medianSeconds"] as? Double == 10)
            #expect(report["report.answering.p90Seconds"] as? Double == 20)
            #expect(report["report.answering.withinTarget"] as? Int == 4)
            #expect(report["report.answering.breached"] as? Int == 2)
            #expect(report["report.busiestHours"] as? [Int] == [9, 8, 10])
            let hours = report["report.hours"] as? [[String: Any]] ?? []
            #expect(hours.first { $0["hour"] as? Int == 23 }?["total"] as? Int == 1)
            #expect(hours.first { $0["hour"] as? Int == 0 }?["total"] as? Int == 0)
            let previous = try await app.send(.get, "/reports/calls?region=35.15&from=2026-10-13&to=2026-10-13")
            #expect(previous["report.total"] as? Int == 1)
        }
    }

    @Test("Agencies are ranked by alarms answered within target, then by their median; declines are counted")
    func ranking() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let report = try await app.send(.get, "/reports/agencies?region=35.15&from=2026-10-14&to=2026-10-14")
            let items = report["report.items"] as? [[String: Any]] ?? []
            #expect(
                items.compactMap { $0["agencyId"] as? String } == [
                    "3515-polresta", "3515-psc119", "3515-damkar", "3515-bpbd",
                ])
            #expect(items.first?["declined"] as? Int == 1)
            #expect(items.first { $0["agencyId"] as? String == "3515-damkar" }?["dispatches"] as? Int == 2)
        }
    }

    @Test("What is open and overdue now: BPBD has not answered since 13:02, PSC is on scene past six hours")
    func openNow() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let report = try await app.send(.get, "/reports/open?region=35.15")
            #expect(report["openIncidents"] as? [String: Int] == ["P1": 0, "P2": 1, "P3": 0, "P4": 0])
            let overdue = report["overdue"] as? [[String: Any]] ?? []
            #expect(overdue.compactMap { $0["agencyId"] as? String } == ["3515-bpbd", "3515-psc119"])
            #expect(overdue.compactMap { $0["interval"] as? String } == ["alarmAnswering", "onSceneHandling"])
            #expect(overdue.first?["overdueSeconds"] as? Int == 10 * 3600 + 55 * 60 + 55)
        }
    }

    @Test(
        "Grouped by shift the day's steps fall in the morning shift and the last call in the night; by hour in the hours they started"
    )
    func byShift() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let report = try await app.send(
                .get, "/reports/response-times?region=35.15&from=2026-10-14&to=2026-10-14&by=shift")
            let groups = report["report.groups"] as? [[String: Any]] ?? []
            #expect(groups.compactMap { $0["key"] as? String } == ["malam", "pagi"])
            let hourly = try await app.send(
                .get, "/reports/response-times?region=35.15&from=2026-10-14&to=2026-10-14&by=hour")
            let hours = (hourly["report.groups"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            #expect(hours == ["08", "09", "10", "11", "13", "23"])
            let csv = try await app.send(
                .get, "/reports/response-times?region=35.15&from=2026-10-14&to=2026-10-14&by=shift&format=csv")
            #expect(csv.text.hasPrefix("shift,interval,started,"))
        }
    }

    @Test("The monthly dataset counts the month by its fixed definitions, the same columns in JSON and CSV")
    func monthlyDataset() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            // given the scripted day, and the prank that rang the evening before: seven calls in October
            try await scriptedDay(app)

            // when the leader of Sidoarjo downloads October
            let dataset = try await app.send(.get, "/reports/dataset?region=35.15&month=2026-10", as: .leader)

            // then the month's row has the hand-computed figures
            #expect(dataset.status == .ok, "\(dataset.text)")
            let row = try #require((dataset["months"] as? [[String: Any]])?.first)
            let expected: [String: Double] = [
                "calls_in": 7, "calls_answered": 6, "calls_unanswered": 1, "calls_emergency": 2, "calls_prank": 2,
                "calls_silent": 1, "calls_information": 1, "calls_abandoned": 1, "calls_undecided": 0,
                "valid_emergency_share": 0.2857, "answer_target_s": 15, "answer_median_s": 10,
                "answer_within_target_share": 0.5714, "answer_within_15s_share": 0.5714,
                "answer_within_20s_share": 0.8571, "incidents": 2, "incidents_p1": 1, "incidents_p2": 1,
                "dispatches": 5, "dispatches_acknowledged": 3, "dispatches_declined": 1,
                "dispatches_unacknowledged": 1, "call_processing_median_s": 60, "alarm_answering_count": 5,
                "alarm_answering_within_target_share": 0.75, "turnout_and_travel_median_s": 540,
            ]
            for (column, value) in expected {
                #expect((row[column] as? NSNumber)?.doubleValue == value, "\(column): \(row[column] ?? "nil")")
            }
            #expect(row["region_name"] as? String == "Kabupaten Sidoarjo")
            #expect(row["definitions_version"] as? Int == 1)
            let breakdown = dataset["breakdown"] as? [[String: Any]] ?? []
            let damkar = breakdown.first {
                $0["dimension"] as? String == "agency" && $0["key"] as? String == "3515-damkar"
            }
            #expect(damkar?["count"] as? Int == 2)
            #expect(damkar?["acknowledged"] as? Int == 2)
            #expect(
                breakdown.filter { $0["dimension"] as? String == "category" }.compactMap { $0["key"] as? String }
                    == ["kebakaran", "medis"])

            // and the CSV has the same columns, in the documented order
            let csv = try await app.send(.get, "/reports/dataset?region=35.15&month=2026-10&format=csv", as: .leader)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == MonthlyDataset.rowColumns.joined(separator: ","))
            #expect(lines.count == 2)
            #expect(lines[1].hasPrefix("\"35.15\",\"Kabupaten Sidoarjo\",\"2026-10\",\"WIB\",1,7,6,1,2,0,2,"))
            let table = try await app.send(
                .get, "/reports/dataset?region=35.15&month=2026-10&format=csv&table=breakdown", as: .leader)
            #expect(table.text.hasPrefix(MonthlyDataset.breakdownColumns.joined(separator: ",") + "\r\n"))
            #expect(table.text.contains("\"agency\",\"3515-damkar\",\"DAMKAR\",2,2,2,40.0,0.5000"))
        }
    }

    @Test("Without a region the dataset has a row for every region the reader may see; bad parameters are refused")
    func monthlyDatasetScope() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            // given a second region, Kota Cilegon
            let onboarded = try await app.send(
                .post, "/regions",
                json: [
                    "code": "36.72",
                    "agenciesCsv": "code,name,kind,phone,channel\ndamkar,Damkar Cilegon,damkar,113,console\n",
                    "matrixCsv": "category,subcategory,kecamatan,primary,supporting,regulation\nkebakaran,,,damkar,,\n",
                ], as: .admin)
            #expect(onboarded.status == .created, "\(onboarded.text)")
            // then a national administrator gets both, Sidoarjo's leader only Sidoarjo
            let national = try await app.send(.get, "/reports/dataset?month=2026-10", as: .admin)
            let regions = (national["months"] as? [[String: Any]] ?? []).compactMap { $0["region_code"] as? String }
            #expect(regions == ["35.15", "36.72"])
            let sidoarjo = try await app.send(.get, "/reports/dataset?month=2026-10", as: .leader)
            #expect((sidoarjo["months"] as? [[String: Any]])?.count == 1)
            let other = try await app.send(.get, "/reports/dataset?region=35.05&month=2026-10", as: .leader)
            #expect(other.status == .forbidden)
            for query in ["", "month=Oktober", "month=2026-10&format=xlsx", "month=2026-10&format=csv&table=days"] {
                let refused = try await app.send(.get, "/reports/dataset?\(query)", as: .leader)
                #expect(refused.status == .badRequest, "\(query): \(refused.text)")
                #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test("The incident export lists the day's incidents without callers' numbers, and is audited")
    func incidentExport() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let csv = try await app.send(.get, "/reports/incidents?region=35.15&from=2026-10-14&to=2026-10-14")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3)
            #expect(!csv.text.contains("081234567890"))
            #expect(lines[1].contains("\"90\",\"40\",\"540\",\"3600\""))
            let audit = try await app.send(.get, "/audit?action=report.exported", as: .admin)
            #expect((audit["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("The monthly report is Indonesian HTML for A4 with the month's figures")
    func monthly() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            try await scriptedDay(app)
            let html = try await app.send(.get, "/reports/monthly?region=35.15&month=2026-10", as: .leader)
            #expect(html.status == .ok)
            #expect(html.text.contains("Rekap Bulanan Layanan Darurat 112"))
            #expect(html.text.contains("Oktober 2026"))
            #expect(html.text.contains("size: A4"))
            #expect(html.text.contains("<svg"))
            #expect(!html.text.contains("081234567890"))
        }
    }

    @Test("Reports are the supervisor's, the leader's and the admin's, within their own region")
    func access() async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            #expect(try await app.send(.get, "/reports/open?region=35.15", as: .callTaker).status == .forbidden)
            #expect(try await app.send(.get, "/reports/open?region=35.15", as: .leader).status == .ok)
            #expect(
                try await app.send(.get, "/reports/open?region=35.05", as: .supervisorSidoarjo).status == .forbidden)
            let bad = try await app.send(.get, "/reports/calls?region=35.15&from=2026-10-40")
            #expect(bad.status == .badRequest)
            #expect(bad["errors.0.field"] as? String == "from")
            let missing = try await app.send(.get, "/reports/monthly?region=35.15")
            #expect(missing["errors.0.field"] as? String == "month")
        }
    }

    @Test("The monthly report's appendix shows every response policy in force during the month, with when it began")
    func appendixShowsThePoliciesOfTheMonth() async throws {
        try await TestApp.run(clock: TestClock(Self.start)) { app in
            // given the region's own targets saved mid-month, over the defaults in force at its start
            let policy = try await app.send(.get, "/regions/35.15/response-policy", as: .admin)
            let saved = try await app.send(
                .put, "/regions/35.15/response-policy",
                json: ["reason": "Perbup 12/2026 berlaku", "targets": policy["targets"] ?? []], as: .admin)
            #expect(saved.status == .ok, "\(saved.text)")
            // when
            let october = try await app.send(.get, "/reports/monthly?region=35.15&month=2026-10", as: .leader)
            let september = try await app.send(.get, "/reports/monthly?region=35.15&month=2026-09", as: .leader)
            // then
            #expect(october.text.contains("Lampiran: target waktu respons (versi 0, bawaan)"))
            #expect(october.text.contains("Lampiran: target waktu respons (versi 1, berlaku sejak 2026-10-"))
            #expect(october.text.contains("Perbup 12/2026 berlaku"))
            #expect(september.text.contains("(versi 0, bawaan)"))
            #expect(!september.text.contains("versi 1"))
        }
    }
}
