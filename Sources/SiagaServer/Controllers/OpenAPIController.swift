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
        schemas[TextRule.ignoredMember] = TextRule.ignoredMemberSchema
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        return try JSONSerialization.data(
            withJSONObject: TextRule.applied(to: document), options: [.sortedKeys, .withoutEscapingSlashes])
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

/// The server's one rule for text, written into every schema of the document: no string, and no member name, holds
/// a control character other than tab and line breaks (`TextRules.isForbiddenControl`), whether the member is one
/// the operation reads or one it ignores. A request breaking it is refused with 400 `controlCharacter`; the document
/// says so with a `pattern` on every string that has no stricter form of its own, `propertyNames` on every object
/// that takes members it does not name, and those members' values as ``ignoredMember``.
enum TextRule {
    /// C0 and C1 controls and DEL, except tab, line feed and carriage return.
    static let pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    static let ignoredMember = "IgnoredMember"
    static var ignoredMemberSchema: [String: Any] {
        [
            "description":
                "A member the operation ignores: any JSON value, as long as no text in it (nor any member name) holds a "
                + "control character other than tab and line breaks.",
            "anyOf": [
                ["type": "string", "pattern": pattern],
                ["type": ["number", "boolean", "null"]],
                ["type": "array", "items": ["$ref": "#/components/schemas/\(ignoredMember)"]],
                [
                    "type": "object", "propertyNames": ["pattern": pattern],
                    "additionalProperties": ["$ref": "#/components/schemas/\(ignoredMember)"],
                ],
            ],
        ]
    }

    /// `value` with the rule written into each schema it holds. Examples, defaults and constants are data, not
    /// schemas, and are left as they are.
    static func applied(to value: Any) -> Any {
        if let array = value as? [Any] { return array.map(applied) }
        guard var object = value as? [String: Any] else { return value }
        for (key, member) in object where !["example", "examples", "default", "const", "enum"].contains(key) {
            object[key] = applied(to: member)
        }
        let types = (object["type"] as? String).map { [$0] } ?? object["type"] as? [String] ?? []
        if types.contains("string"), object["pattern"] == nil, object["format"] == nil, object["enum"] == nil,
            object["const"] == nil
        {
            object["pattern"] = pattern
        }
        if types.contains("object") {
            if object["additionalProperties"] as? Bool == true {
                object["additionalProperties"] = ["$ref": "#/components/schemas/\(ignoredMember)"]
            }
            if object["additionalProperties"] as? Bool != false, object["propertyNames"] == nil {
                object["propertyNames"] = ["pattern": pattern]
            }
        }
        return object
    }
}
