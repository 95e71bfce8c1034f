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

    @Test("A point in a region this deployment does not serve is flagged for transfer, with its kecamatan")
    func unservedPoint() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/locate?latitude=-6.0172&longitude=106.0541")
            #expect(response["kabupaten.code"] as? String == "36.72")
            #expect(response["served"] as? Bool == false)
            #expect((response["kecamatan.code"] as? String)?.hasPrefix("36.72.") == true)
        }
    }

    @Test("Outside Jawa Timur a point finds its kecamatan too: Sekayu, Kabupaten Musi Banyuasin")
    func kecamatanOutsideJawaTimur() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/locate?latitude=-2.881969&longitude=103.862109")
            #expect(response["kabupaten.code"] as? String == "16.06")
            #expect(response["kecamatan.code"] as? String == "16.06.01")
            #expect(response["kecamatan.name"] as? String == "Sekayu")
            #expect(response["kecamatan.approximate"] as? Bool == false)
        }
    }

    @Test("A region onboarded outside Jawa Timur routes an incident by the kecamatan of its coordinate")
    func onboardedRegionOutsideJawaTimur() async throws {
        try await TestApp.run { app in
            // given Kabupaten Musi Banyuasin, whose matrix sends fires in Sekayu to a post of its own
            let onboarded = try await app.send(
                .post, "/regions",
                json: [
                    "code": "16.06",
                    "agenciesCsv": """
                    code,name,kind,phone,channel
                    damkar,Dinas Pemadam Kebakaran Musi Banyuasin,damkar,113,console
                    damkar-sekayu,UPT Damkar Sekayu,damkar,0714321113,console
                    """,
                    "matrixCsv": """
                    category,subcategory,kecamatan,primary,supporting,regulation
                    kebakaran,,,damkar,,
                    kebakaran,,16.06.01,damkar-sekayu,,
                    """,
                ], as: .admin)
            #expect(onboarded.status == .created, "\(onboarded.text)")
            // when a call taker opens a fire with only the caller's position
            let response = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "16.06", "description": "Rumah terbakar", "category": "kebakaran",
                    "location": ["latitude": -2.881969, "longitude": 103.862109, "source": "aml"],
                ])
            // then the kecamatan is filled in and the Sekayu row of the matrix applies
            #expect(response["incident.location.kecamatanCode"] as? String == "16.06.01")
            let routing = try await app.send(
                .get, "/incidents/\(try #require(response["incident.id"] as? String))/routing")
            #expect(routing.text.contains("damkar-sekayu"), "\(routing.text)")
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
