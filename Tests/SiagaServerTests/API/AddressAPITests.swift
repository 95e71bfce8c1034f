import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

/// Addresses as people give them: dusun, RT/RW, a landmark.
@Suite("Structured addresses")
struct AddressAPITests {
    @Test("Dusun, RT/RW and a landmark are kept, shown, and found by search")
    func keptAndSearchable() async throws {
        try await TestApp.run { app in
            let opened = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "category": "kebakaran", "description": "Kandang terbakar",
                    "location": [
                        "kecamatanCode": "35.15.07", "source": "caller",
                        "detail": ["dusun": "Krajan", "rt": "03", "rw": "5", "landmark": "Masjid Al-Ikhlas "],
                    ],
                ])
            #expect(opened.status == .created, "\(opened.text)")
            #expect(opened["incident.location.detail.dusun"] as? String == "Krajan")
            #expect(opened["incident.location.detail.landmark"] as? String == "Masjid Al-Ikhlas")
            let found = try await app.send(.get, "/incidents?region=35.15&q=al-ikhlas")
            #expect((found["items"] as? [Any])?.count == 1)
            let byDusun = try await app.send(.get, "/incidents?region=35.15&q=dusun%20krajan")
            #expect((byDusun["items"] as? [Any])?.count == 1)
        }
    }

    @Test("An RT that is not a number of up to three digits is refused; a landmark alone is a location")
    func rules() async throws {
        try await TestApp.run { app in
            let wrong = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "category": "kebakaran", "description": "Asap",
                    "location": ["source": "caller", "detail": ["rt": "tiga"]],
                ])
            #expect(wrong.status == .badRequest)
            #expect(wrong["errors.0.field"] as? String == "location.detail.rt")
            let landmark = try await app.send(
                .post, "/incidents",
                json: [
                    "regionCode": "35.15", "category": "kebakaran", "description": "Asap",
                    "location": ["source": "caller", "detail": ["landmark": "Gerbang tol Waru"]],
                ])
            #expect(landmark.status == .created)
        }
    }
}
