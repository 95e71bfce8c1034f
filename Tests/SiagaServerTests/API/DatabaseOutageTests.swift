import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import SiagaCore
import SiagaServer
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("When the database is unreachable")
struct DatabaseOutageTests {
    @Test("Requests get a 503 problem with Retry-After and health says not ready, never a 500")
    func unreachableDatabaseAnswers503() async throws {
        // given a server whose PostgreSQL does not answer (nothing listens on the port)
        let backend = try PostgresBackend.connecting(url: "postgres://siaga@127.0.0.1:9/siaga?sslmode=disable")
        let app = Application(router: try buildRouter(Dependencies(store: SQLStore(backend: backend))))
        try await app.test(.router) { client in
            // when / then
            try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect((body?["checks"] as? [String: String])?["database"] == "unreachable")
            }
            try await client.execute(
                uri: "/api/v1/incidents", method: .get, headers: [.authorization: "Bearer s112_uji_tidak_ada"]
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                let body =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["type"] as? String == "urn:siaga112:problem:database-unavailable")
                #expect((body?["title"] as? String)?.isEmpty == false)
            }
        }
        try await backend.shutdown()
    }

    /// Makes SQLite refuse to grow the database beyond `pages` (what a full disk does), or lifts the limit.
    static func limitPages(_ store: SQLStore, to pages: Int?) async throws {
        try await store.backend.withWriter(priority: .urgent) { database in
            let limit = pages.map(String.init) ?? "1073741823"
            _ = try await database.raw("PRAGMA max_page_count = \(unsafeRaw: limit)").all()
        }
    }

    @Test(
        "On a full disk writes get a 503 storage-full problem with Retry-After and health turns not ready; both recover once space is freed, and what was stored before is intact",
        .enabled(if: TestDatabase.postgresURL == nil))
    func fullDiskAnswers503AndRecovers() async throws {
        try await TestApp.run { app in
            // given a call stored before the disk fills
            let call = [
                "regionCode": "35.15", "channel": "voice112", "callerNumber": "081234500010", "disposition": "prank",
            ]
            let before = try await app.send(.post, "/calls", json: call)
            #expect(before.status == .created)
            let pages: Int? = try await app.database.store.backend.withReader { database in
                try await database.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self)
            }

            // when the disk is full
            let limit: Int = try #require(pages)
            try await Self.limitPages(app.database.store, to: limit)
            var refused: TestResponse?
            for _ in 0..<500 {
                let response = try await app.send(.post, "/calls", json: call)
                if response.status != .created {
                    refused = response
                    break
                }
            }

            // then the write is refused as a retryable problem, never a 500, and readiness says why
            let problem = try #require(refused)
            #expect(problem.status == .serviceUnavailable, "\(problem.text)")
            #expect(problem["type"] as? String == "urn:siaga112:problem:storage-full")
            #expect(problem.headers[.retryAfter] == "30")
            let full = try await app.send(.get, "/health", signedIn: false)
            #expect(full.status == .serviceUnavailable)
            #expect(full["checks.storage"] as? String == "full")
            #expect(full["ready"] as? Bool == false)

            // when space is freed, without a restart
            try await Self.limitPages(app.database.store, to: nil)

            // then readiness returns by itself, writes succeed, and the earlier call is there
            let healthy = try await app.send(.get, "/health", signedIn: false)
            #expect(healthy.status == .ok, "\(healthy.text)")
            #expect(try await app.send(.post, "/calls", json: call).status == .created)
            let id = try #require(before["call.id"] as? String)
            #expect(try await app.send(.get, "/calls/\(id)").status == .ok)
        }
    }

    @Test(
        "After PostgreSQL drops every connection, requests succeed again without a restart",
        .enabled(if: TestDatabase.postgresURL != nil))
    func recoversAfterConnectionsDrop() async throws {
        try await TestApp.run { app in
            // given the pool's connections in use once
            #expect(try await app.send(.get, "/incidents?region=35.15", as: .supervisor).status == .ok)
            let schema = try #require(app.database.postgresSchema)

            // when the server terminates them, as a restart of the database does
            let admin = try await PostgresBackend.open(url: try #require(TestDatabase.postgresURL))
            let terminated = try await admin.withWriter { database in
                try await database.raw(
                    "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = \(bind: schema)"
                ).all().count
            }
            try await admin.shutdown()
            #expect(terminated >= 1)

            // then each broken connection fails at most one request, as a 503, and the next ones succeed
            var statuses: [Int] = []
            for _ in 0...(terminated + 1) {
                let response = try await app.send(.get, "/incidents?region=35.15", as: .supervisor)
                statuses.append(response.status.code)
                if response.status == .ok { break }
                #expect(response["type"] as? String == "urn:siaga112:problem:database-unavailable")
            }
            #expect(statuses.last == 200, "\(statuses)")
        }
    }
}
