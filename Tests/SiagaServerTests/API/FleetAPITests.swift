import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Units and posts after onboarding: add, change, retire")
struct FleetAPITests {
    @Test("A new post and a new fire truck based there are added, listed, suggested and audited")
    func addPostAndUnit() async throws {
        try await TestApp.run { app in
            // when
            let post = try await app.send(
                .post, "/posko",
                json: [
                    "agencyId": "3515-damkar", "code": "tanggulangin", "name": "Pos Damkar Tanggulangin",
                    "latitude": -7.5075, "longitude": 112.7046,
                ], as: .sidoarjoAdmin)
            let unit = try await app.send(
                .post, "/units",
                json: [
                    "agencyId": "3515-damkar", "code": "tanggulangin-1", "callsign": "DAMKAR TANGGULANGIN 1",
                    "kind": "pemadam", "homePost": "tanggulangin",
                ], as: .sidoarjoAdmin)
            let again = try await app.send(
                .post, "/units",
                json: ["agencyId": "3515-damkar", "code": "tanggulangin-1", "callsign": "X", "kind": "pemadam"],
                as: .sidoarjoAdmin)
            // then
            #expect(post.status == .created, "\(post.text)")
            #expect(post["id"] as? String == "3515-damkar-tanggulangin")
            #expect(unit.status == .created, "\(unit.text)")
            #expect(unit["homePost"] as? String == "3515-damkar-tanggulangin")
            #expect(unit["status"] as? String == "available")
            #expect(again.status == .conflict)
            let units = try await app.send(.get, "/units?region=35.15")
            #expect(
                (units["items"] as? [[String: Any]])?.contains { $0["id"] as? String == "3515-damkar-tanggulangin-1" }
                    == true)
            let audit = try await app.send(.get, "/audit?action=unit.created", as: .admin)
            #expect(audit["items.0.target"] as? String == "3515-damkar-tanggulangin-1")
        }
    }

    @Test("Bad input is refused with its fields and writes nothing; another region's admin may not add")
    func refusals() async throws {
        try await TestApp.run { app in
            let badCode = try await app.send(
                .post, "/units",
                json: ["agencyId": "3515-damkar", "code": "Truk 9", "callsign": "T9", "kind": "pemadam"],
                as: .sidoarjoAdmin)
            let badPost = try await app.send(
                .post, "/units",
                json: [
                    "agencyId": "3515-damkar", "code": "t9", "callsign": "T9", "kind": "pemadam", "homePost": "nowhere",
                ],
                as: .sidoarjoAdmin)
            let badPlace = try await app.send(
                .post, "/posko",
                json: [
                    "agencyId": "3515-damkar", "code": "laut", "name": "Di laut", "latitude": 95.0, "longitude": 112.0,
                ],
                as: .sidoarjoAdmin)
            let callTaker = try await app.send(
                .post, "/units", json: ["agencyId": "3515-damkar", "code": "t9", "callsign": "T9", "kind": "pemadam"],
                as: .callTaker)
            #expect(badCode.status == .badRequest && badCode["errors.0.field"] as? String == "code")
            #expect(badPost.status == .badRequest && badPost["errors.0.field"] as? String == "homePost")
            #expect(badPlace.status == .badRequest)
            #expect(callTaker.status == .forbidden)
            let units = try await app.send(.get, "/units?region=35.15")
            #expect((units["items"] as? [Any])?.count == 4)
        }
    }

    @Test("A unit on a task cannot be retired or taken out of service; once free it can, and is no longer listed")
    func retireAUnit() async throws {
        try await TestApp.run { app in
            // given Damkar Waru 1 sent to a fire
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"]])
            try await app.command(id, "acknowledgeDispatch", version: 4, ["agencyId": "3515-damkar"])
            try await app.command(
                id, "assignUnit", version: 5, ["agencyId": "3515-damkar", "unitId": "3515-damkar-waru-1"])
            // when
            let busy = try await app.send(
                .post, "/units/3515-damkar-waru-1/retire", json: ["reason": "Rusak berat"], as: .sidoarjoAdmin)
            let outOfService = try await app.send(
                .patch, "/units/3515-damkar-waru-1", json: ["outOfService": true], as: .sidoarjoAdmin)
            let free = try await app.send(
                .post, "/units/3515-damkar-sedati-1/retire", json: ["reason": "Dihibahkan ke Pasuruan"],
                as: .sidoarjoAdmin)
            let twice = try await app.send(
                .post, "/units/3515-damkar-sedati-1/retire", json: ["reason": "Lagi"], as: .sidoarjoAdmin)
            // then
            #expect(busy.status == .conflict && busy["type"] as? String == "urn:siaga112:problem:unit-on-task")
            #expect(busy["status"] as? Int == 409 && busy["unitStatus"] as? String == "assigned", "\(busy.text)")
            #expect(outOfService.status == .conflict)
            #expect(free.status == .ok, "\(free.text)")
            #expect(twice.status == .notFound)
            let units = (try await app.send(.get, "/units?region=35.15")["items"] as? [[String: Any]]) ?? []
            #expect(!units.contains { $0["id"] as? String == "3515-damkar-sedati-1" })
            let assign = try await app.send(.get, "/incidents/\(id)/unit-suggestions?agencyId=3515-damkar")
            #expect(!(assign.text.contains("3515-damkar-sedati-1")))
        }
    }

    @Test("A post still home to a unit cannot be closed; moved away, it can")
    func retireAPost() async throws {
        try await TestApp.run { app in
            // given
            try await app.send(
                .post, "/posko",
                json: [
                    "agencyId": "3515-psc119", "code": "krian", "name": "Pos PSC Krian", "latitude": -7.41,
                    "longitude": 112.58,
                ], as: .sidoarjoAdmin)
            try await app.send(
                .patch, "/units/3515-psc119-1", json: ["homePost": "krian"], as: .sidoarjoAdmin)
            // when
            let held = try await app.send(
                .post, "/posko/3515-psc119-krian/retire", json: ["reason": "Pindah gedung"], as: .sidoarjoAdmin)
            let moved = try await app.send(.patch, "/units/3515-psc119-1", json: ["homePost": ""], as: .sidoarjoAdmin)
            let closed = try await app.send(
                .post, "/posko/3515-psc119-krian/retire", json: ["reason": "Pindah gedung"], as: .sidoarjoAdmin)
            // then
            #expect(held.status == .conflict && (held["units"] as? [String]) == ["AMBULANS 119-1"])
            #expect(moved.status == .ok && moved["homePost"] == nil)
            #expect(closed.status == .ok)
            let posts = try await app.send(.get, "/posko?region=35.15")
            #expect(!(posts.text.contains("3515-psc119-krian")))
        }
    }
}
