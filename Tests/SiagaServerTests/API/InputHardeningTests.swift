import Foundation
import HTTPTypes
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// Text and instants are stored as sent or refused with the field named: never cut short, never stretched.
@Suite("Input that would be stored other than it was sent")
struct InputHardeningTests {
    static var fire: [String: Any] { ["regionCode": "35.15", "category": "kebakaran"] }

    @Test("A control character anywhere in a body is refused with its field named, and nothing is stored")
    func controlCharactersAreRefused() async throws {
        try await TestApp.run { app in
            var nul = Self.fire
            nul["description"] = "Kebakaran\u{0}rumah"
            var nested = Self.fire
            nested["description"] = "Kebakaran rumah"
            nested["location"] = ["address": "Jl. Raya\u{7} Candi 17", "source": "caller"]
            // a member the server ignores is no exception; its name is written back with the control escaped
            var ignored = Self.fire
            ignored["description"] = "Kebakaran rumah"
            ignored["catatan\u{1}"] = "x"
            for (body, field) in [(nul, "description"), (nested, "location.address"), (ignored, #"catatan\u0001"#)] {
                let refused = try await app.send(.post, "/incidents", json: body)
                #expect(refused.status == .badRequest, "\(refused.text)")
                #expect(refused["errors.0.field"] as? String == field)
                #expect(refused["errors.0.code"] as? String == "controlCharacter")
            }
            let listed = try await app.send(.get, "/incidents?region=35.15")
            #expect((listed["items"] as? [Any])?.isEmpty == true)
            // line breaks and tabs are text, not controls
            var multiline = Self.fire
            multiline["description"] = "Kebakaran rumah\n\tdua orang di dalam"
            #expect(try await app.send(.post, "/incidents", json: multiline).status == .created)
            // nor may a query carry one
            let search = try await app.send(.get, "/places?q=Candi%00&region=35.15")
            #expect(search.status == .badRequest)
            #expect(search["errors.0.code"] as? String == "controlCharacter")
        }
    }

    @Test("A value no enumeration has is refused in the request's words, with any control character in it escaped")
    func unknownEnumerationValues() async throws {
        try await TestApp.run { app in
            // when a field team reports a status that does not exist, with a control character in it
            let refused = try await app.send(
                .post, "/units/3515-damkar-waru-1/status", json: ["status": "tiba\u{1}"])

            // then it is refused naming the field, in Indonesian, without the control or the server's type names
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(refused["errors.0.field"] as? String == "status")
            let message = try #require(refused["errors.0.message"] as? String)
            #expect(message == "Nilai 'status' tidak valid: bukan salah satu nilai yang dikenal", "\(message)")
            #expect(!refused.text.unicodeScalars.contains { TextRules.isForbiddenControl($0) })
        }
    }

    @Test("Length limits count what is stored: one letter with thousands of combining marks is too long")
    func limitsCountScalars() async throws {
        try await TestApp.run { app in
            var body = Self.fire
            body["description"] = "Kebakaran"
            body["callerName"] = "a" + String(repeating: "\u{301}", count: 4999)
            let refused = try await app.send(.post, "/incidents", json: body)
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(refused["errors.0.field"] as? String == "callerName")
            #expect(refused["errors.0.code"] as? String == "tooLong")
            #expect(("a" + String(repeating: "\u{301}", count: 4999)).storedLength == 5000)
        }
    }

    @Test("An instant with anything after it is refused, in a body and in a query")
    func instantsAreWhole() async throws {
        #expect(APIJSON.parseInstant("2026-01-01T00:00:00Z") != nil)
        #expect(APIJSON.parseInstant("2026-01-01T07:00:00.123+07:00") != nil)
        // RFC 3339 also allows a lower-case t and z, and a fraction of any length
        #expect(APIJSON.parseInstant("2026-01-01t00:00:00z") == APIJSON.parseInstant("2026-01-01T00:00:00Z"))
        #expect(
            APIJSON.parseInstant("2026-01-01T00:00:00.1234567890123Z")
                == APIJSON.parseInstant("2026-01-01T00:00:00.123456789Z"))
        #expect(APIJSON.parseInstant("2026-01-01T23:30:00+23:30") == APIJSON.parseInstant("2026-01-01T00:00:00Z"))
        #expect(APIJSON.parseInstant("2026-01-01T07:00:00-07:00") == APIJSON.parseInstant("2026-01-01T14:00:00Z"))
        for text in [
            "2026-01-01T00:00:00Zgarbage", "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", " 2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00+0700", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.5+07:00x",
            "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+07:60",
        ] {
            #expect(APIJSON.parseInstant(text) == nil, "\(text)")
        }
        try await TestApp.run { app in
            let query = try await app.send(.get, "/audit?from=2026-01-01T00:00:00Zgarbage", as: .admin)
            #expect(query.status == .badRequest)
            #expect(query["errors.0.field"] as? String == "from")
            let body = try await app.send(
                .post, "/calls",
                json: [
                    "regionCode": "35.15", "channel": "voice112", "disposition": "prank",
                    "ringAt": "2026-01-01T00:00:00Zgarbage",
                ])
            #expect(body.status == .badRequest, "\(body.text)")
        }
    }
}
