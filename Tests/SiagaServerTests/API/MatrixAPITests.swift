import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@Suite("Responsibility matrix API")
struct MatrixAPITests {
    static let csv = """
        category,subcategory,kecamatan,primary,supporting,regulation
        kebakaran,,,damkar,psc119,"Perbup 71/2018 pasal 5"
        kebakaran,lahan,,bpbd,damkar,"Perbup 71/2018 pasal 6"
        medis,,,psc119,,"Perbup 71/2018 pasal 9"
        """

    @Test("A matrix saved from CSV becomes the region's next version, with its reason and regulation")
    func saveFromCSV() async throws {
        try await TestApp.run { app in
            // when
            let saved = try await app.send(
                .put, "/regions/35.15/matrix",
                json: ["csv": Self.csv, "reason": "Perbup baru berlaku", "regulation": "Perbup 71/2018"], as: .admin)
            let second = try await app.send(
                .put, "/regions/35.15/matrix", json: ["csv": Self.csv, "reason": "Tanpa perubahan isi"], as: .admin)
            // then
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved["version"] as? Int == 1)
            #expect(saved["rows.1.primary"] as? String == "3515-bpbd")
            #expect(second["version"] as? Int == 2)
            let versions = try await app.send(.get, "/regions/35.15/matrix/versions")
            #expect((versions["items"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } == [2, 1])
            let export = try await app.send(.get, "/regions/35.15/matrix?format=csv")
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(export.text.contains("kebakaran,lahan,,bpbd,damkar,Perbup 71/2018 pasal 6"))
        }
    }

    @Test("A CSV with bad rows is rejected whole, each row named with its reason")
    func rejectedCSV() async throws {
        try await TestApp.run { app in
            // when
            let response = try await app.send(
                .put, "/regions/35.15/matrix",
                json: [
                    "reason": "Coba",
                    "csv": """
                    category,subcategory,kecamatan,primary,supporting,regulation
                    kebakaran,,,damkar,,
                    banjirr,,,bpbd,,
                    medis,,,,psc119,
                    kebakaran,,,damkar,,
                    medis,,,pmi,,
                    """,
                ], as: .admin)
            // then
            #expect(response.status == .badRequest)
            #expect(response["type"] as? String == "urn:siaga112:problem:csv-rejected")
            let problems = try #require(response["errors"] as? [[String: Any]])
            #expect(problems.compactMap { $0["field"] as? String } == ["csv:3", "csv:4", "csv:5", "csv:6"])
            #expect(
                problems.compactMap { $0["code"] as? String } == [
                    "unknownCategory", "emptyPrimary", "duplicateRow", "unknownAgency",
                ])
            #expect(problems[2]["message"] as? String == "Baris 5: sama dengan baris 2.")
            let current = try await app.send(.get, "/regions/35.15/matrix")
            #expect(current.status == .notFound)
        }
    }

    @Test("Forwarding without naming agencies sends the matrix's proposal and records its version")
    func forwardByProposal() async throws {
        try await TestApp.run { app in
            // given
            try await app.send(.put, "/regions/35.15/matrix", json: ["csv": Self.csv, "reason": "Awal"], as: .admin)
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let routing = try await app.send(.get, "/incidents/\(id)/routing")
            #expect(
                (routing["agencies"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    "3515-damkar", "3515-psc119",
                ])
            #expect(routing["agencies.0.role"] as? String == "primary")
            // when
            let forwarded = try await app.command(id, "forward", version: 2)
            // then
            #expect(forwarded.status == .created, "\(forwarded.text)")
            #expect(
                (forwarded["incident.dispatches"] as? [[String: Any]])?.compactMap { $0["agencyId"] as? String } == [
                    "3515-damkar", "3515-psc119",
                ])
            #expect(forwarded["incident.dispatches.0.matrixVersion"] as? Int == 1)
            #expect(forwarded["events.0.type"] as? String == "forwarded")
            #expect(forwarded["events.0.data.proposed"] as? [String] == ["3515-damkar", "3515-psc119"])
        }
    }

    @Test("Leaving out a proposed agency needs a reason, which is recorded")
    func deviationOverAPI() async throws {
        try await TestApp.run { app in
            try await app.send(.put, "/regions/35.15/matrix", json: ["csv": Self.csv, "reason": "Awal"], as: .admin)
            let id = try #require(try await app.openIncident()["incident.id"] as? String)
            let refused = try await app.command(id, "forward", version: 2, ["agencyIds": ["3515-damkar"]])
            #expect(refused.status == .unprocessableContent)
            #expect(refused["reason"] as? String == "deviationReasonRequired")
            let accepted = try await app.command(
                id, "forward", version: 2,
                ["agencyIds": ["3515-damkar"], "reason": "Tidak ada korban, ambulans tidak perlu"])
            #expect(accepted["events.0.data.reason"] as? String == "Tidak ada korban, ambulans tidak perlu")
            let report = try await app.send(.get, "/regions/35.15/matrix/deviations", as: .admin)
            #expect(report["items.0.removed"] as? [String] == ["3515-psc119"])
            #expect(report["items.0.reason"] as? String == "Tidak ada korban, ambulans tidak perlu")
            #expect(report["items.0.incidentId"] as? String == id)
        }
    }

    @Test("A category without a row routes to the region's fallback, not nowhere")
    func fallback() async throws {
        try await TestApp.run { app in
            try await app.send(
                .put, "/regions/35.15/matrix",
                json: ["csv": Self.csv, "reason": "Awal", "fallback": ["3515-polresta"]], as: .admin)
            let opened = try await app.send(
                .post, "/incidents",
                json: ["regionCode": "35.15", "description": "Ular", "category": "hewan-berbahaya"])
            let id = try #require(opened["incident.id"] as? String)
            let routing = try await app.send(.get, "/incidents/\(id)/routing")
            #expect(routing["isFallback"] as? Bool == true)
            #expect(routing["agencies.0.id"] as? String == "3515-polresta")
        }
    }
}
