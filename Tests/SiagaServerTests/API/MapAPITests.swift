import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Map layers API")
struct MapAPITests {
    @Test("Sidoarjo's boundary and its 18 kecamatan come as GeoJSON, [lng, lat], closed rings, simplified on request")
    func boundaries() async throws {
        try await TestApp.run(as: .leader) { app in
            let fine = try await app.send(.get, "/regions/35.15/map/boundaries?toleranceMeters=0")
            let coarse = try await app.send(.get, "/regions/35.15/map/boundaries?toleranceMeters=500")
            #expect(fine.headers[.contentType] == "application/geo+json")
            let features = fine["features"] as? [[String: Any]] ?? []
            #expect(features.first?["id"] as? String == "35.15")
            #expect(
                features.filter { ($0["properties"] as? [String: Any])?["level"] as? String == "kecamatan" }.count == 18
            )
            let ring = try #require(
                (((features.first?["geometry"] as? [String: Any])?["coordinates"] as? [Any])?.first as? [Any])?.first
                    as? [[Double]])
            #expect(ring.first == ring.last)
            #expect((112.0...113.5).contains(ring[0][0]) && (-8.0 ... -7.0).contains(ring[0][1]))
            #expect(coarse.body.count < fine.body.count)
            let refused = try await app.send(.get, "/regions/35.15/map/boundaries?toleranceMeters=-1")
            #expect(refused.status == .badRequest)
            #expect(try await app.send(.get, "/regions/35.05/map/boundaries").status == .forbidden)
        }
    }

    @Test("Posts and units are points; a unit that never reported is drawn at its post, a reporting one where it is")
    func postsAndUnits() async throws {
        try await TestApp.run { app in
            // Damkar's Candi post, home of its Candi unit.
            try await app.database.store.transaction { transaction in
                let post = Posko(
                    id: PoskoID("3515-damkar-candi"), agencyID: .damkar, name: "Pos Damkar Candi",
                    coordinate: Coordinate(latitude: -7.49, longitude: 112.71)!)
                try await transaction.upsertPosko(post)
                var unit = try #require(try await transaction.reader.unit(.damkarCandi1))
                unit.homePost = post.id
                try await transaction.upsertUnit(unit)
            }
            let posts = try await app.send(.get, "/regions/35.15/map/posts")
            #expect(
                ((posts["features"] as? [[String: Any]])?.first?["geometry"] as? [String: Any])?["type"] as? String
                    == "Point")
            let at = ISO8601DateFormatter().string(from: app.clock.now())
            _ = try await app.send(
                .put, "/units/3515-damkar-waru-1/position", json: ["latitude": -7.35, "longitude": 112.72, "at": at],
                as: .damkarCrew)
            let units = try await app.send(.get, "/regions/35.15/map/units")
            let features = units["features"] as? [[String: Any]] ?? []
            let waru = try #require(features.first { $0["id"] as? String == "3515-damkar-waru-1" })
            #expect((waru["properties"] as? [String: Any])?["positionSource"] as? String == "reported")
            #expect((waru["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [112.72, -7.35])
            let candi = try #require(features.first { $0["id"] as? String == "3515-damkar-candi-1" })
            #expect((candi["properties"] as? [String: Any])?["positionSource"] as? String == "homePost")
            #expect((candi["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [112.71, -7.49])
            // A unit with neither a report nor a post is not drawn anywhere.
            #expect(!features.contains { $0["id"] as? String == "3515-psc119-1" })
        }
    }
}
