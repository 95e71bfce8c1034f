import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Landmarks")
struct LandmarkAPITests {
    static let csv = """
        name,kind,latitude,longitude
        Pasar Larangan,pasar,-7.4572,112.7089
        Masjid Agung Sidoarjo,masjid,-7.4478,112.7183
        Gerbang Tol Waru,gerbangTol,-7.3492,112.7236

        """

    @Test("A region's landmarks import from CSV and place search finds them despite a typo, with their position")
    func importAndSearch() async throws {
        try await TestApp.run(as: .admin) { app in
            let saved = try await app.send(.put, "/regions/35.15/landmarks", json: ["csv": Self.csv])
            #expect(saved.status == .ok, "\(saved.text)")
            let found = try await app.send(.get, "/places?q=pasar%20larangn&region=35.15", as: .supervisor)
            #expect(found["items.0.name"] as? String == "Pasar Larangan")
            #expect(found["items.0.level"] as? String == "landmark")
            #expect(found["items.0.latitude"] as? Double == -7.4572)
            let tol = try await app.send(.get, "/places?q=tol%20waru&region=35.15", as: .supervisor)
            #expect(tol["items.0.name"] as? String == "Gerbang Tol Waru")
            let exported = try await app.send(.get, "/regions/35.15/landmarks?format=csv")
            #expect(exported.text.contains("Masjid Agung Sidoarjo,masjid,-7.4478,112.7183"))
            let audit = try await app.send(.get, "/audit?action=landmarks.changed")
            #expect(audit["items.0.detail.landmarks"] as? String == "3")
        }
    }

    @Test("A bad row names its row number and changes nothing")
    func badRow() async throws {
        try await TestApp.run(as: .admin) { app in
            _ = try await app.send(.put, "/regions/35.15/landmarks", json: ["csv": Self.csv])
            let bad = try await app.send(
                .put, "/regions/35.15/landmarks",
                json: [
                    "csv": "name,kind,latitude,longitude\nPasar Baru,pasar,-7.45,112.70\nSekolah,kastil,-7.45,112.70\n"
                ])
            #expect(bad.status == .unprocessableContent || bad.status == .badRequest)
            #expect(bad.text.contains("3"))
            let kept = try await app.send(.get, "/regions/35.15/landmarks")
            #expect((kept["items"] as? [Any])?.count == 3)
        }
    }
}
