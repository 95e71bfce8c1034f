import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

/// Every role against the routes it may and may not use, through the real router: the policy table as the
/// API enforces it, including the cross-region and cross-agency refusals.
@Suite("Who may use which route")
struct AccessTableTests {
    /// What a principal gets from a route: let through (any answer but 401/403), or refused with 403.
    enum Outcome: Equatable {
        case allowed
        case forbidden
    }

    /// Incidents and calls every row can name, opened by a national supervisor before the row runs.
    struct Fixture {
        /// Sidoarjo, forwarded to Damkar only.
        var sentToDamkar: String
        /// Sidoarjo, forwarded to PSC 119 only.
        var sentToPSC: String
        /// Blitar, not forwarded.
        var blitar: String
        var sidoarjoCall: String
    }

    struct Row: Sendable {
        var name: String
        var method: HTTPRequest.Method
        var path: @Sendable (Fixture) -> String
        var body: [String: any Sendable]?
        /// Users missing from the map are refused.
        var allowed: Set<String>
    }

    static let everyone: [TestUser] = [
        .callTaker, .supervisorSidoarjo, .damkarOperator, .pscOperator, .damkarCrew, .leader, .sidoarjoAdmin,
        .blitarCallTaker, .smsGateway,
    ]

    static let floor: Set<String> = ["uji.operator", "uji.kepala.sidoarjo"]

    static let rows: [Row] = [
        Row(
            name: "read an incident sent to Damkar", method: .get, path: { "/incidents/\($0.sentToDamkar)" },
            allowed: floor.union(["uji.damkar", "uji.regu.waru", "uji.pimpinan"])),
        Row(
            name: "read an incident sent to PSC 119", method: .get, path: { "/incidents/\($0.sentToPSC)" },
            allowed: floor.union(["uji.psc", "uji.pimpinan"])),
        Row(
            name: "read Blitar's incident", method: .get, path: { "/incidents/\($0.blitar)" },
            allowed: ["uji.operator.blitar"]),
        Row(
            name: "list Blitar's incidents", method: .get, path: { _ in "/incidents?region=35.05" },
            allowed: ["uji.operator.blitar"]),
        Row(
            name: "open an incident in Sidoarjo", method: .post, path: { _ in "/incidents" },
            body: ["regionCode": "35.15", "description": "Pohon tumbang menutup jalan", "category": "lainnya"],
            allowed: floor),
        Row(
            name: "note on an incident", method: .post, path: { "/incidents/\($0.sentToDamkar)/events" },
            body: ["type": "addNote", "version": 999, "text": "Catatan"], allowed: floor),
        Row(
            name: "acknowledge Damkar's dispatch", method: .post, path: { "/incidents/\($0.sentToDamkar)/events" },
            body: ["type": "acknowledgeDispatch", "version": 999, "agencyId": "3515-damkar"],
            allowed: floor.union(["uji.damkar"])),
        Row(
            name: "acknowledge for another agency", method: .post, path: { "/incidents/\($0.sentToDamkar)/events" },
            body: ["type": "acknowledgeDispatch", "version": 999, "agencyId": "3515-psc119"], allowed: floor),
        Row(
            name: "close an incident", method: .post, path: { "/incidents/\($0.sentToDamkar)/events" },
            body: ["type": "close", "version": 999], allowed: ["uji.kepala.sidoarjo"]),
        Row(
            name: "reveal the caller of an incident sent to Damkar", method: .post,
            path: { "/incidents/\($0.sentToDamkar)/caller-reveal" }, body: ["reason": "Alamat kurang jelas"],
            allowed: ["uji.damkar"]),
        Row(
            name: "list Sidoarjo's calls", method: .get, path: { _ in "/calls?region=35.15" }, allowed: floor),
        Row(
            name: "read a call", method: .get, path: { "/calls/\($0.sidoarjoCall)" }, allowed: floor),
        Row(
            name: "record a call in Sidoarjo", method: .post, path: { _ in "/calls" },
            body: [
                "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500000", "disposition": "prank",
            ],
            allowed: floor.union(["sms-gateway"])),
        Row(
            name: "deliver an AML message", method: .post, path: { _ in "/aml" },
            body: ["sender": "081234500000", "message": "A\"ML=1;lt=-7.4;lg=112.7;rd=50;top=20261123030000"],
            allowed: ["sms-gateway"]),
        Row(
            name: "read Sidoarjo's settings", method: .get, path: { _ in "/regions/35.15" },
            allowed: floor.union(["uji.damkar", "uji.psc", "uji.regu.waru", "uji.pimpinan", "uji.admin.sidoarjo"])),
        Row(
            name: "change Sidoarjo's matrix", method: .put, path: { _ in "/regions/35.15/matrix" }, body: [:],
            allowed: ["uji.admin.sidoarjo"]),
        Row(
            name: "change Blitar's settings", method: .patch, path: { _ in "/regions/35.05" }, body: [:], allowed: []),
        Row(
            name: "change an agency", method: .patch, path: { _ in "/agencies/3515-damkar" }, body: [:],
            allowed: ["uji.admin.sidoarjo"]),
        Row(
            name: "read the matrix deviations report", method: .get, path: { _ in "/regions/35.15/matrix/deviations" },
            allowed: ["uji.kepala.sidoarjo", "uji.pimpinan", "uji.admin.sidoarjo"]),
        Row(
            name: "a Damkar unit's task", method: .get, path: { _ in "/units/3515-damkar-waru-1/task" },
            allowed: floor.union(["uji.damkar", "uji.regu.waru"])),
        Row(
            name: "another Damkar unit's task", method: .get, path: { _ in "/units/3515-damkar-candi-1/task" },
            allowed: floor.union(["uji.damkar"])),
        Row(
            name: "a PSC 119 unit's task", method: .get, path: { _ in "/units/3515-psc119-1/task" },
            allowed: floor.union(["uji.psc"])),
        Row(
            name: "list Sidoarjo's agencies", method: .get, path: { _ in "/agencies?region=35.15" },
            allowed: floor.union(["uji.damkar", "uji.psc", "uji.regu.waru", "uji.pimpinan", "uji.admin.sidoarjo"])),
        Row(
            name: "locate a point", method: .get, path: { _ in "/locate?latitude=-7.45&longitude=112.7" },
            allowed: floor.union([
                "uji.damkar", "uji.psc", "uji.regu.waru", "uji.pimpinan", "uji.admin.sidoarjo", "uji.operator.blitar",
            ])),
        Row(
            name: "read AML messages", method: .get, path: { _ in "/aml" },
            allowed: floor.union(["uji.operator.blitar"])),
        Row(
            name: "export Sidoarjo's bundle", method: .get, path: { _ in "/regions/35.15/bundle" },
            allowed: ["uji.admin.sidoarjo"]),
        Row(
            name: "who is on duty in Sidoarjo", method: .get, path: { _ in "/regions/35.15/on-duty" },
            allowed: floor.union(["uji.damkar", "uji.psc", "uji.pimpinan", "uji.admin.sidoarjo"])),
        Row(
            name: "roster a shift", method: .put, path: { _ in "/regions/35.15/roster/2026-11-23/pagi" },
            body: ["usernames": [String]()], allowed: ["uji.kepala.sidoarjo", "uji.admin.sidoarjo"]),
        Row(
            name: "write the handover", method: .post, path: { _ in "/regions/35.15/handovers" },
            body: ["note": "Aman"], allowed: ["uji.kepala.sidoarjo"]),
        Row(
            name: "go on duty for Damkar", method: .post, path: { _ in "/agencies/3515-damkar/duty" },
            body: ["onDuty": true], allowed: ["uji.damkar"]),
        Row(name: "list users", method: .get, path: { _ in "/users" }, allowed: ["uji.admin.sidoarjo"]),
        Row(name: "read the audit log", method: .get, path: { _ in "/audit" }, allowed: ["uji.admin.sidoarjo"]),
        Row(name: "list tokens", method: .get, path: { _ in "/tokens" }, allowed: ["uji.admin.sidoarjo"]),
        Row(
            name: "read Sidoarjo's response-time policy", method: .get, path: { _ in "/regions/35.15/response-policy" },
            allowed: floor.union([
                "uji.damkar", "uji.psc", "uji.regu.waru", "uji.pimpinan", "uji.admin.sidoarjo",
            ])),
        Row(
            name: "change Sidoarjo's response-time policy", method: .put,
            path: { _ in "/regions/35.15/response-policy" }, body: [:], allowed: ["uji.admin.sidoarjo"]),
        Row(
            name: "read Sidoarjo's response times", method: .get,
            path: { _ in "/reports/response-times?region=35.15" },
            allowed: ["uji.kepala.sidoarjo", "uji.pimpinan", "uji.admin.sidoarjo"]),
        Row(
            name: "export Sidoarjo's incidents", method: .get, path: { _ in "/reports/incidents?region=35.15" },
            allowed: ["uji.kepala.sidoarjo", "uji.pimpinan", "uji.admin.sidoarjo"]),
        Row(
            name: "read Blitar's open and overdue", method: .get, path: { _ in "/reports/open?region=35.05" },
            allowed: []),
        Row(
            name: "my session", method: .get, path: { _ in "/session" },
            allowed: Set(everyone.map(\.account.username))),
    ]

    @Test(
        "Each role gets what its job needs and a 403 for the rest (a 404 for an incident it may not read)",
        arguments: everyone)
    func table(user: TestUser) async throws {
        try await TestApp.run(regions: [.sidoarjo, .blitar]) { app in
            let fixture = try await Self.fixture(app)
            for row in Self.rows {
                let response = try await app.send(
                    row.method, row.path(fixture), json: row.body.map { $0 as [String: Any] }, as: user)
                let expected: Outcome = row.allowed.contains(user.account.username) ? .allowed : .forbidden
                // An incident the user may not read answers as if it did not exist (the fixture's all do).
                let hidden =
                    response.status == .notFound && response["type"] as? String == "urn:siaga112:problem:not-found"
                let actual: Outcome = response.status == .forbidden || hidden ? .forbidden : .allowed
                #expect(response.status != .unauthorized, "\(row.name): \(response.text)")
                #expect(
                    actual == expected, "\(user.account.username) → \(row.name): \(response.status) \(response.text)")
                if actual == .forbidden, !hidden {
                    #expect(response["type"] as? String == "urn:siaga112:problem:forbidden")
                }
            }
        }
    }

    static func fixture(_ app: TestApp) async throws -> Fixture {
        let damkar = try #require(try await app.openIncident()["incident.id"] as? String)
        try await app.command(damkar, "forward", version: 2, ["agencyIds": ["3515-damkar"], "reason": "Uji"])
        let psc = try #require(try await app.openIncident()["incident.id"] as? String)
        try await app.command(psc, "forward", version: 2, ["agencyIds": ["3515-psc119"], "reason": "Uji"])
        let blitar = try #require(
            try await app.send(
                .post, "/incidents", json: ["regionCode": "35.05", "description": "Banjir", "category": "bencana-alam"]
            )["incident.id"] as? String)
        let call = try await app.answeredCall()
        return Fixture(sentToDamkar: damkar, sentToPSC: psc, blitar: blitar, sidoarjoCall: call)
    }
}
