import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Prometheus metrics")
struct MetricsAPITests {
    @Test("/metrics shows request latency, open incidents by priority and database latency to a national admin")
    func metrics() async throws {
        Observability.bootstrap()
        try await TestApp.run { app in
            // given an open P1 incident
            _ = try await app.openIncident()

            // when
            let scraped = try await app.send(.get, "/metrics", as: .admin, under: "")

            // then
            #expect(scraped.status == .ok)
            #expect(scraped.text.contains("siaga_open_incidents{priority=\"P1\"} 1"))
            #expect(scraped.text.contains("http_server_request_duration_bucket"))
            #expect(scraped.text.contains("siaga_db_duration_bucket{kind=\"write\""))
        }
    }

    @Test("A regional admin may not read every region's figures, and nobody without credentials")
    func regionalAdminRefused() async throws {
        try await TestApp.run { app in
            let regional = try await app.send(.get, "/metrics", as: .sidoarjoAdmin, under: "")
            #expect(regional.status == .forbidden)
            #expect(regional["reason"] as? String == "allRegionsNeedNationalReach")
            #expect(try await app.send(.get, "/metrics", signedIn: false, under: "").status == .unauthorized)
        }
    }
}
