import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Region onboarding API")
struct OnboardingAPITests {
    static let agencies = """
        code,name,kind,phone,channel
        damkar,Dinas Pemadam Kebakaran Kota Cilegon,damkar,113,console
        polisi,Polres Cilegon,polisi,110,phone
        psc119,PSC 119 Kota Cilegon,ambulans,119,console
        """
    static let matrix = """
        category,subcategory,kecamatan,primary,supporting,regulation
        kebakaran,,,damkar,psc119,
        kecelakaan,,,psc119,polisi,
        """

    @Test("Any regency or city is onboarded from the reference list with its agencies, units and matrix")
    func onboardCilegon() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.send(
                .post, "/regions",
                json: [
                    "code": "36.72", "agenciesCsv": Self.agencies, "matrixCsv": Self.matrix,
                    "postsCsv":
                        "agency,code,name,latitude,longitude\ndamkar,cilegon,Pos Damkar Cilegon,-6.0172,106.0541\n",
                    "unitsCsv": "agency,code,callsign,kind,post\ndamkar,pos-1,DAMKAR CILEGON 1,pemadam,cilegon\n",
                ], as: .admin)
            // then
            #expect(response.status == .created, "\(response.text)")
            #expect(response["region.name"] as? String == "Kota Cilegon")
            #expect(response["region.timeZone"] as? String == "WIB")
            #expect(response["agencies"] as? Int == 3)
            #expect(response["units"] as? Int == 1)
            #expect(response["posts"] as? Int == 1)
            let posts = try await app.send(.get, "/posko?region=36.72")
            #expect(posts["items.0.name"] as? String == "Pos Damkar Cilegon")
            #expect(response["kecamatan"] as? Int == 8)
            #expect(response["matrixVersion"] as? Int == 1)
            let listed = try await app.send(.get, "/agencies?region=36.72")
            #expect((listed["items"] as? [Any])?.count == 3)
            let incident = try await app.send(
                .post, "/incidents", json: ["regionCode": "36.72", "description": "Kebakaran", "category": "kebakaran"])
            #expect(incident["incident.number"] as? String == "3672-261123-0001")
        }
    }

    @Test("A bad file changes nothing and names the file and row")
    func badFileChangesNothing() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.send(
                .post, "/regions",
                json: [
                    "code": "36.72", "agenciesCsv": Self.agencies, "matrixCsv": Self.matrix + "\nkebakaran,,,pmi,,\n",
                ], as: .admin)
            // then
            #expect(response.status == .badRequest)
            #expect(response["errors.0.field"] as? String == "matrix.csv:4")
            let region = try await app.send(.get, "/regions/36.72")
            #expect(region.status == .notFound)
        }
    }

    @Test(
        "An agency's notice ladder comes with it in the CSV's ladder column; a rung that cannot be read names its row")
    func ladderColumn() async throws {
        try await TestApp.run { app in
            // given
            let agencies = """
                code,name,kind,phone,channel,active,ladder
                damkar,Dinas Pemadam Kebakaran Kota Cilegon,damkar,113,console,true,whatsapp:0812-3456-7890:Piket|sms+60:081234567890:Piket|phone+60:0254 391 113:Pos
                polisi,Polres Cilegon,polisi,110,phone,,
                """
            // when
            let bad = try await app.send(
                .post, "/regions",
                json: ["code": "36.72", "agenciesCsv": agencies.replacingOccurrences(of: "sms+60", with: "pager+60")],
                as: .admin)
            let good = try await app.send(
                .post, "/regions", json: ["code": "36.72", "agenciesCsv": agencies], as: .admin)
            // then
            #expect(bad.status == .badRequest)
            #expect((bad["errors.0.field"] as? String)?.hasPrefix("agencies.csv:2") == true, "\(bad.text)")
            #expect(bad["errors.0.code"] as? String == "invalidLadder")
            #expect(good.status == .created, "\(good.text)")
            let ladder = try await app.send(.get, "/agencies/3672-damkar/notice-ladder?reveal=true", as: .admin)
            let rungs = ladder["rungs"] as? [[String: Any]] ?? []
            #expect(rungs.map { $0["channel"] as? String } == ["whatsapp", "sms", "phone"])
            #expect(rungs.map { $0["recipient"] as? String } == ["+6281234567890", "+6281234567890", "+62254391113"])
            #expect(rungs.map { $0["dueAfterSeconds"] as? Int } == [0, 60, 120])
            let police = try await app.send(.get, "/agencies/3672-polisi/notice-ladder", as: .admin)
            #expect((police["rungs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("The matrix onboarded with a region records the reason and the regent's regulation given with it")
    func matrixReasonAndRegulation() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.send(
                .post, "/regions",
                json: [
                    "code": "36.72", "agenciesCsv": Self.agencies, "matrixCsv": Self.matrix,
                    "matrixReason": "Penetapan awal Command Center 112", "matrixRegulation": "Perwal Cilegon 5/2025",
                ], as: .admin)
            // then
            #expect(response.status == .created, "\(response.text)")
            let matrix = try await app.send(.get, "/regions/36.72/matrix")
            #expect(matrix["reason"] as? String == "Penetapan awal Command Center 112")
            #expect(matrix["regulation"] as? String == "Perwal Cilegon 5/2025")
        }
    }

    @Test("A code that is not a regency or city in the reference list is refused, and a served one conflicts")
    func unknownAndExisting() async throws {
        try await TestApp.run { app in
            let unknown = try await app.send(
                .post, "/regions", json: ["code": "99.99", "agenciesCsv": Self.agencies], as: .admin)
            let existing = try await app.send(
                .post, "/regions", json: ["code": "35.15", "agenciesCsv": "code,name,kind,phone,channel\n"], as: .admin)
            #expect(unknown.status == .badRequest)
            #expect(existing.status == .conflict)
            #expect(existing["type"] as? String == "urn:siaga112:problem:region-exists")
        }
    }
}

@Suite("Region bundles")
struct RegionBundleAPITests {
    @Test("A region's whole configuration exported from one deployment imports unchanged into another")
    func roundTrip() async throws {
        let exported: Data = try await TestApp.run { app in
            try await app.send(
                .post, "/regions",
                json: [
                    "code": "36.72", "agenciesCsv": OnboardingAPITests.agencies, "matrixCsv": OnboardingAPITests.matrix,
                    "postsCsv":
                        "agency,code,name,latitude,longitude\ndamkar,cilegon,Pos Damkar Cilegon,-6.0172,106.0541\n",
                    "unitsCsv": "agency,code,callsign,kind,post\ndamkar,pos-1,DAMKAR CILEGON 1,pemadam,cilegon\n",
                ], as: .admin)
            try await app.send(
                .patch, "/regions/36.72", json: ["policy": ["autoForwardP1": true, "repeatPrankThreshold": 3]],
                as: .admin)
            try await app.send(.patch, "/agencies/3672-polisi", json: ["active": false], as: .admin)
            try await app.send(
                .put, "/agencies/3672-damkar/notice-ladder",
                json: ["rungs": [["channel": "telegram", "recipient": "-1001234567890", "label": "Grup Damkar"]]],
                as: .admin)
            return try await app.send(.get, "/regions/36.72/bundle", as: .admin).body
        }
        try await TestApp.run(regions: []) { app in
            let imported = try await app.send(
                .post, "/regions/import", raw: String(decoding: exported, as: UTF8.self), as: .admin)
            #expect(imported.status == .created, "\(imported.text)")
            let again = try await app.send(.get, "/regions/36.72/bundle", as: .admin).body
            #expect(again == exported)
            let region = try await app.send(.get, "/regions/36.72")
            #expect(region["policy.autoForwardP1"] as? Bool == true)
            let police = try await app.send(.get, "/agencies/3672-polisi")
            #expect(police["active"] as? Bool == false)
            let ladder = try await app.send(.get, "/agencies/3672-damkar/notice-ladder?reveal=true", as: .admin)
            #expect(ladder["rungs.0.recipient"] as? String == "-1001234567890")
        }
    }

    @Test("Something that is not a bundle is refused")
    func notABundle() async throws {
        try await TestApp.run(regions: []) { app in
            let response = try await app.send(
                .post, "/regions/import", json: ["format": "zip", "code": "36.72"], as: .admin)
            #expect(response.status == .badRequest)
        }
    }
}
