import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Reference data and health API")
struct ReferenceAPITests {
    @Test("A region is served with its time zone")
    func regionWithZone() async throws {
        try await TestApp.run(regions: [.sidoarjo, .denpasar]) { app in
            let sidoarjo = try await app.send(.get, "/regions/35.15")
            let denpasar = try await app.send(.get, "/regions/51.71")
            let unknown = try await app.send(.get, "/regions/11.01")
            #expect(sidoarjo["timeZone"] as? String == "WIB")
            #expect(denpasar["timeZone"] as? String == "WITA")
            #expect(denpasar["utcOffset"] as? String == "+08:00")
            #expect(unknown.status == .notFound)
            let all = try await app.send(.get, "/regions")
            #expect((all["items"] as? [Any])?.count == 2)
        }
    }

    @Test("Categories come with subcategories and default priorities in both languages")
    func categories() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/categories?region=35.15")
            let items = try #require(response["items"] as? [[String: Any]])
            #expect(items.count == 10)
            #expect(items[0]["code"] as? String == "kebakaran")
            #expect(items[0].value(at: "name.en") as? String == "Fire")
            #expect(items[0].value(at: "subcategories.0.defaultPriority") as? String == "P1")
        }
    }

    @Test("A region's agencies are listed")
    func agencies() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/agencies?region=35.15")
            #expect((response["items"] as? [Any])?.count == 4)
            #expect(response["items.0.id"] as? String == "3515-bpbd")
        }
    }

    @Test("Health reports the database as ready")
    func health() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/health")
            #expect(response.status == .ok)
            #expect(response["ready"] as? Bool == true)
            #expect(response["checks.database"] as? String == "ok")
        }
    }
}
