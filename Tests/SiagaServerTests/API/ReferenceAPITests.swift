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

    @Test("A region replaces its categories, and new incidents are classified and prioritised by them")
    func replaceCategories() async throws {
        try await TestApp.run { app in
            // given
            let catalog: [String: Any] = [
                "items": [
                    ["code": "kebakaran", "name": ["id": "Kebakaran", "en": "Fire"], "defaultPriority": "P1"],
                    [
                        "code": "lumpur", "name": ["id": "Semburan lumpur", "en": "Mud eruption"],
                        "defaultPriority": "P2",
                        "subcategories": [
                            ["code": "gas", "name": ["id": "Gas beracun", "en": "Toxic gas"], "defaultPriority": "P1"]
                        ],
                    ],
                ]
            ]
            // when
            let replaced = try await app.send(.put, "/regions/35.15/categories", json: catalog, as: .admin)
            let listed = try await app.send(.get, "/categories?region=35.15")
            let incident = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "description": "Bau gas dari semburan", "category": "lumpur",
                    "subcategory": "gas",
                ])
            let retired = try await app.send(
                .post, "/incidents", json: ["regionCode": "35.15", "description": "Banjir", "category": "bencana-alam"])
            // then
            #expect(replaced.status == .ok)
            #expect((listed["items"] as? [Any])?.count == 2)
            #expect(incident["incident.priority"] as? String == "P1")
            #expect(retired.status == .unprocessableContent)
            #expect(retired["reason"] as? String == "unknownCategory")
        }
    }

    @Test("A catalog with a repeated code or a blank name is refused, naming the field")
    func invalidCatalog() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .put, "/regions/35.15/categories",
                json: [
                    "items": [
                        ["code": "banjir", "name": ["id": "Banjir", "en": "Flood"], "defaultPriority": "P2"],
                        ["code": "banjir", "name": ["id": " ", "en": "Flood"], "defaultPriority": "P2"],
                    ]
                ], as: .admin)
            #expect(response.status == .badRequest)
            let fields = (response["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["items[1].code", "items[1].name.id"])
            let unchanged = try await app.send(.get, "/categories?region=35.15")
            #expect((unchanged["items"] as? [Any])?.count == 10)
        }
    }

    @Test("Categories the current matrix still routes cannot be left out; the refusal names them and its version")
    func categoriesInTheMatrix() async throws {
        try await TestApp.run { app in
            // given a matrix routing grass fires to BPBD
            let matrix = try await app.send(
                .put, "/regions/35.15/matrix",
                json: [
                    "csv":
                        "category,subcategory,kecamatan,primary,supporting,regulation\nkebakaran,lahan,,bpbd,damkar,\n",
                    "reason": "Uji",
                ], as: .admin)
            #expect(matrix.status == .ok, "\(matrix.text)")
            // when the new catalog keeps fires but not their grass-fire subcategory
            let response = try await app.send(
                .put, "/regions/35.15/categories",
                json: [
                    "items": [
                        ["code": "kebakaran", "name": ["id": "Kebakaran", "en": "Fire"], "defaultPriority": "P1"]
                    ]
                ],
                as: .admin)
            // then
            #expect(response.status == .conflict)
            #expect(response["type"] as? String == "urn:siaga112:problem:categories-in-matrix")
            #expect(response["categories"] as? [String] == ["kebakaran/lahan"])
            let unchanged = try await app.send(.get, "/categories?region=35.15")
            #expect((unchanged["items"] as? [Any])?.count == 10)
        }
    }
}
