import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Location API")
struct LocationAPITests {
    @Test("A point in Waru is in Kabupaten Sidoarjo, Kecamatan Waru, served here")
    func servedPoint() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/locate?latitude=-7.354386&longitude=112.766457")
            #expect(response["kabupaten.code"] as? String == "35.15")
            #expect(response["kecamatan.code"] as? String == "35.15.18")
            #expect(response["kecamatan.name"] as? String == "Waru")
            #expect(response["served"] as? Bool == true)
        }
    }

    @Test("A point in a region this deployment does not serve is flagged for transfer")
    func unservedPoint() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/locate?latitude=-6.0172&longitude=106.0541")
            #expect(response["kabupaten.code"] as? String == "36.72")
            #expect(response["served"] as? Bool == false)
            #expect(response["kecamatan"] == nil)
        }
    }

    @Test("Bad coordinates are refused")
    func badCoordinates() async throws {
        try await TestApp.run { app in
            let missing = try await app.send(.get, "/locate?longitude=112")
            let outside = try await app.send(.get, "/locate?latitude=95&longitude=112")
            #expect(missing.status == .badRequest)
            #expect(outside.status == .badRequest)
        }
    }

    @Test("An incident opened with only a coordinate gets its kecamatan, and is routed by it")
    func kecamatanFromCoordinate() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "description": "Pohon tumbang", "category": "bencana-alam",
                    "location": ["latitude": -7.354386, "longitude": 112.766457, "source": "gps"],
                ])
            #expect(response["incident.location.kecamatanCode"] as? String == "35.15.18")
        }
    }
}

@Suite("Place search API")
struct PlaceSearchAPITests {
    @Test("A misspelt village is found with what it lies in; an empty query is refused")
    func search() async throws {
        try await TestApp.run { app in
            let found = try await app.send(.get, "/places?q=pepelgi&region=35.15&limit=3")
            let missing = try await app.send(.get, "/places?region=35.15")
            #expect(found["items.0.code"] as? String == "35.15.18.2001")
            #expect(found["items.0.level"] as? String == "desa")
            #expect(found["items.0.within"] as? [String] == ["Waru", "Kabupaten Sidoarjo", "Jawa Timur"])
            #expect(missing.status == .badRequest)
        }
    }
}
