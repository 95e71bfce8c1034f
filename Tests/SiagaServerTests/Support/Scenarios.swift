import Foundation
import HTTPTypes
import Testing

/// Requests the API tests share, so each test body reads as its scenario.
extension TestApp {
    /// Records a call answered now and still connected; returns its id.
    func answeredCall(number: String = "081234567890") async throws -> String {
        let response = try await send(
            .post, "/calls",
            json: ["regionCode": "35.15", "channel": "voice112", "callerNumber": number, "answered": true])
        return try #require(response["call.id"] as? String)
    }

    /// Opens an incident from a new answered call; returns the response.
    func openIncident(category: String? = "kebakaran", fromCall: Bool = true) async throws -> TestResponse {
        var body: [String: Any] = [
            "regionCode": "35.15", "description": "Kebakaran rumah warga di Pepelegi",
            "location": ["address": "Jl. Pepelegi Indah 12", "kecamatanCode": "35.15.18", "source": "caller"],
        ]
        if let category { body["category"] = category }
        if fromCall { body["callId"] = try await answeredCall() }
        return try await send(.post, "/incidents", json: body)
    }

    /// Sends a command to an incident at `version`.
    @discardableResult
    func command(
        _ id: String, _ type: String, version: Int, _ fields: [String: Any] = [:], headers: HTTPFields = [:],
        as user: TestUser? = nil
    ) async throws -> TestResponse {
        var body = fields
        body["type"] = type
        body["version"] = version
        return try await send(.post, "/incidents/\(id)/events", json: body, headers: headers, as: user)
    }
}
