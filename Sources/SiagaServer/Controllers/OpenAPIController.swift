import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 description of this API, shipped with the server.
struct OpenAPIController {
    /// The document's bytes, read once at start-up.
    let document: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        else {
            throw CocoaError(.fileNoSuchFile)
        }
        document = ByteBuffer(bytes: Array(try Data(contentsOf: url)))
    }

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("openapi.json", use: openAPI)
    }

    @Sendable func openAPI(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: document))
    }
}
