import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiagaStore

extension Response {
    /// A JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.encode(value))))
    }

    /// The response of a write, replayed or fresh; a replay says so in `Idempotent-Replayed`.
    static func write(_ outcome: WriteOutcome) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let location = outcome.response.location { headers[.location] = location }
        if outcome.replayed { headers[.idempotentReplayed] = "true" }
        return Response(
            status: HTTPResponse.Status(code: outcome.response.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: outcome.response.body)))
    }
}
