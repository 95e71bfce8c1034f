import Foundation
import HTTPTypes
import SiagaTestSupport
import Testing

@testable import SiagaServer

/// One bad request and what the API must answer.
struct BadRequestCase: CustomTestStringConvertible, Sendable {
    var name: String
    var method: HTTPRequest.Method
    var path: String
    var body: String?
    var contentType: String = "application/json"
    var status: HTTPResponse.Status
    var type: String
    var field: String?
    var fieldCode: String?

    var testDescription: String { name }
}

@Suite("Problem details for bad input")
struct ProblemDetailsTests {
    static let cases: [BadRequestCase] = [
        .init(
            name: "malformed JSON", method: .post, path: "/calls", body: "{\"regionCode\": ", status: .badRequest,
            type: "malformed-request"),
        .init(
            name: "empty body", method: .post, path: "/calls", body: "", status: .badRequest, type: "malformed-request"),
        .init(
            name: "wrong type", method: .post, path: "/calls", body: #"{"regionCode": 35, "channel": "sms"}"#,
            status: .badRequest, type: "malformed-request", field: "regionCode", fieldCode: "invalidFormat"),
        .init(
            name: "unknown enum value", method: .post, path: "/calls",
            body: #"{"regionCode": "35.15", "channel": "fax"}"#, status: .badRequest, type: "validation-failed",
            field: "channel", fieldCode: "unknownValue"),
        .init(
            name: "missing field", method: .post, path: "/calls", body: #"{"channel": "sms"}"#, status: .badRequest,
            type: "validation-failed", field: "regionCode", fieldCode: "required"),
        .init(
            name: "bad region code", method: .post, path: "/calls", body: #"{"regionCode": "35-15", "channel": "sms"}"#,
            status: .badRequest, type: "validation-failed", field: "regionCode", fieldCode: "invalidFormat"),
        .init(
            name: "unknown region", method: .post, path: "/calls", body: #"{"regionCode": "11.01", "channel": "sms"}"#,
            status: .badRequest, type: "validation-failed", field: "regionCode", fieldCode: "unknownValue"),
        .init(
            name: "bad phone number", method: .post, path: "/calls",
            body: #"{"regionCode": "35.15", "channel": "sms", "callerNumber": "halo"}"#, status: .badRequest,
            type: "validation-failed", field: "callerNumber", fieldCode: "invalidFormat"),
        .init(
            name: "bad date", method: .post, path: "/calls",
            body: #"{"regionCode": "35.15", "channel": "sms", "ringAt": "kemarin"}"#, status: .badRequest,
            type: "malformed-request", field: "ringAt", fieldCode: "invalidFormat"),
        .init(
            name: "blank description", method: .post, path: "/incidents",
            body: #"{"regionCode": "35.15", "description": "   "}"#, status: .badRequest, type: "validation-failed",
            field: "description", fieldCode: "empty"),
        .init(
            name: "latitude out of range", method: .post, path: "/incidents",
            body:
                #"{"regionCode": "35.15", "description": "x", "location": {"latitude": 95, "longitude": 112, "source": "gps"}}"#,
            status: .badRequest, type: "validation-failed", field: "location.latitude", fieldCode: "outOfRange"),
        .init(
            name: "oversize body", method: .post, path: "/incidents",
            body: "{\"description\": \"" + String(repeating: "x", count: 70_000) + "\"}", status: .contentTooLarge,
            type: "body-too-large"),
        .init(
            name: "not JSON", method: .post, path: "/incidents", body: "description=x",
            contentType: "application/x-www-form-urlencoded", status: .unsupportedMediaType,
            type: "unsupported-media-type"),
        .init(
            name: "unknown incident", method: .get, path: "/incidents/tidak-ada", status: .notFound, type: "not-found"),
        .init(
            name: "unknown call", method: .patch, path: "/calls/tidak-ada", body: #"{"end": true}"#, status: .notFound,
            type: "not-found"),
        .init(name: "unknown route", method: .get, path: "/tidak-ada", status: .notFound, type: "not-found"),
        .init(
            name: "bad query date", method: .get, path: "/incidents?createdFrom=besok", status: .badRequest,
            type: "validation-failed", field: "createdFrom", fieldCode: "invalidFormat"),
        .init(
            name: "bad cursor", method: .get, path: "/incidents?cursor=%%%", status: .badRequest,
            type: "validation-failed", field: "cursor", fieldCode: "invalidFormat"),
        .init(
            name: "unknown command", method: .post, path: "/incidents/x/events",
            body: #"{"type": "explode", "version": 1}"#, status: .notFound, type: "not-found"),
        .init(
            name: "bad region path", method: .get, path: "/regions/jawa", status: .badRequest, type: "malformed-request"
        ),
        .init(
            name: "agencies without region", method: .get, path: "/agencies", status: .badRequest,
            type: "validation-failed", field: "region", fieldCode: "required"),
        .init(
            name: "bad idempotency key", method: .post, path: "/calls",
            body: #"{"regionCode": "35.15", "channel": "sms"}"#, status: .badRequest, type: "malformed-request"),
    ]

    @Test("Bad input gets a problem document with a 4xx status, never a 500", arguments: cases)
    func badInput(_ badCase: BadRequestCase) async throws {
        try await TestApp.run { app in
            // given
            var headers: HTTPFields = [.contentType: badCase.contentType]
            if badCase.name == "bad idempotency key" {
                headers[.init("Idempotency-Key")!] = String(repeating: "k", count: 200)
            }
            // when
            let response = try await app.send(badCase.method, badCase.path, raw: badCase.body, headers: headers)
            // then
            #expect(response.status == badCase.status, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(response["type"] as? String == "urn:siaga112:problem:\(badCase.type)")
            #expect(response["status"] as? Int == badCase.status.code)
            #expect((response["title"] as? String)?.isEmpty == false)
            #expect((response["detail"] as? String)?.isEmpty == false)
            if let field = badCase.field {
                #expect(response["errors.0.field"] as? String == field, "\(response.text)")
                #expect(response["errors.0.code"] as? String == badCase.fieldCode)
            }
        }
    }

    @Test("An unknown value is answered with the values that are allowed")
    func unknownValueListsAllowed() async throws {
        try await TestApp.run { app in
            let response = try await app.send(
                .post, "/calls", raw: #"{"regionCode": "35.15", "channel": "fax"}"#, headers: [.acceptLanguage: "en"])
            #expect(
                response["errors.0.message"] as? String
                    == "Unknown value. Allowed: voice112, sms, aml, webApp, walkIn, radio")
        }
    }

    @Test("Problem texts are Indonesian by default and English on request")
    func language() async throws {
        try await TestApp.run { app in
            let indonesian = try await app.send(.get, "/incidents/tidak-ada")
            let english = try await app.send(.get, "/incidents/tidak-ada", headers: [.acceptLanguage: "en"])
            #expect(indonesian["title"] as? String == "Tidak ditemukan")
            #expect(english["title"] as? String == "Not found")
        }
    }

    @Test("An extension never replaces a member the standard defines: the status stays the code")
    func extensionsKeepStandardMembers() throws {
        // given a conflict whose extension is named like a standard member
        let problem = ProblemDetails(
            "unit-on-task", status: .conflict, title: "Unit sedang bertugas", detail: "PATROLI 1 sedang berangkat.",
            extensions: ["status": "enRoute", "unitStatus": "enRoute"])

        // when it is written
        let json = try #require(try JSONSerialization.jsonObject(with: APIJSON.encode(problem)) as? [String: Any])

        // then the status is the HTTP code, and the extension under its own name is there
        #expect(json["status"] as? Int == 409)
        #expect(json["unitStatus"] as? String == "enRoute")
    }

    @Test("Every response carries a request id")
    func requestID() async throws {
        try await TestApp.run { app in
            let ok = try await app.send(.get, "/health")
            let bad = try await app.send(.get, "/incidents/tidak-ada")
            #expect(ok.headers[.init("X-Request-Id")!]?.isEmpty == false)
            #expect(bad.headers[.init("X-Request-Id")!]?.isEmpty == false)
        }
    }
}

@Suite("The live feed over plain HTTP")
struct LiveFeedUpgradeTests {
    @Test("A plain GET of the live feed gets 426 with Upgrade: websocket, as a problem")
    func plainGetIsUpgradeRequired() async throws {
        try await TestApp.run { app in
            let response = try await app.send(.get, "/live?since=1")
            #expect(response.status.code == 426)
            #expect(response.headers[HTTPField.Name("Upgrade")!] == "websocket")
            #expect(response["type"] as? String == "urn:siaga112:problem:upgrade-required")
        }
    }
}
