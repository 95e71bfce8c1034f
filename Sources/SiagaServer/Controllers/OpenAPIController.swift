import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 description of this API, assembled at start-up from one fragment per
/// resource (`Resources/openapi/<tag>.json`: its paths and the schemas only they use) and the shared
/// `document.json` (info, tags, parameters, headers, responses and shared schemas).
struct OpenAPIController {
    /// The document's bytes, assembled once at start-up.
    let document: ByteBuffer

    init() throws {
        document = ByteBuffer(bytes: Array(try OpenAPIAssembly.assemble()))
    }

    func addRoutes(to group: RouterGroup<SiagaRequestContext>) {
        group.get("openapi.json", use: openAPI)
    }

    @Sendable func openAPI(_ request: Request, context: SiagaRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: document))
    }
}

/// Joins the document's fragments; a path or schema defined twice, or a fragment that is not an object, stops
/// the server from starting rather than serving a document that contradicts itself.
enum OpenAPIAssembly {
    struct Conflict: Error, CustomStringConvertible {
        var description: String
    }

    static func assemble() throws -> Data {
        guard let directory = Bundle.module.url(forResource: "openapi", withExtension: nil, subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        return try assemble(from: directory)
    }

    static func assemble(from directory: URL) throws -> Data {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && $0.lastPathComponent != "document.json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var document = try object(at: directory.appendingPathComponent("document.json"))
        var paths: [String: Any] = [:]
        var components = document["components"] as? [String: Any] ?? [:]
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        for file in files {
            let fragment = try object(at: file)
            let name = file.lastPathComponent
            try merge(fragment["paths"] as? [String: Any] ?? [:], into: &paths, what: "path", from: name)
            let own = (fragment["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            try merge(own, into: &schemas, what: "schema", from: name)
        }
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func object(at url: URL) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw Conflict(description: "\(url.lastPathComponent) is not a JSON object")
        }
        return object
    }

    private static func merge(_ entries: [String: Any], into target: inout [String: Any], what: String, from: String)
        throws
    {
        for (key, value) in entries {
            guard target[key] == nil else { throw Conflict(description: "\(what) \(key) is defined again in \(from)") }
            target[key] = value
        }
    }
}
