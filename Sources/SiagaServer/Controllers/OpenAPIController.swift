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
    /// The same for a text the server refuses when it is blank once trimmed (`TextRules.problems`), which the document
    /// marks with `minLength: 1`: at least one character that is neither whitespace nor a control.
    static let nonBlankPattern =
        "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*"
        + "[^\\s\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]"
        + "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    static let ignoredMember = "IgnoredMember"
    /// What the document lets a client put in a member the operation does not read: a text without control
    /// characters, a number, a boolean or null. The server ignores nested values there too, as long as no text in
    /// them holds a control character; the document names the flat ones only, which schema-driven clients (and the
    /// fuzz run) can generate without searching through nested alternatives.
    static var ignoredMemberSchema: [String: Any] {
        [
            "description":
                "A member the operation ignores. Any text in it (and any member name) holds no control character "
                + "other than tab and line breaks.",
            "type": ["string", "number", "boolean", "null"], "pattern": pattern,
        ]
    }

    /// `document` with the rule written into each schema it holds: under `components.schemas`, and wherever a
    /// `schema` member holds one (parameters, headers, media types). Members an operation ignores are described
    /// (``ignoredMember``) only in what requests send: a response's open objects (a conflict's current state) keep
    /// their nested values.
    static func applied(to document: Any) -> Any {
        walk(document, requests: requestSchemas(in: document), inRequest: false)
    }

    private static func walk(_ value: Any, requests: Set<String>, inRequest: Bool) -> Any {
        guard var object = value as? [String: Any] else {
            return (value as? [Any]).map { $0.map { walk($0, requests: requests, inRequest: inRequest) } } ?? value
        }
        for (key, member) in object {
            if key == "schema" {
                object[key] = schema(member, describingIgnored: inRequest)
            } else if key == "schemas", let schemas = member as? [String: Any] {
                object[key] = Dictionary(
                    uniqueKeysWithValues: schemas.map {
                        ($0.key, schema($0.value, describingIgnored: requests.contains($0.key)))
                    })
            } else if !["example", "examples", "default", "links"].contains(key) {
                object[key] = walk(member, requests: requests, inRequest: inRequest || key == "requestBody")
            }
        }
        return object
    }

    /// The names of the shared schemas a request body uses, directly or through others.
    private static func requestSchemas(in document: Any) -> Set<String> {
        func references(_ value: Any, into found: inout Set<String>) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String, reference.hasPrefix("#/components/schemas/") {
                    found.insert(String(reference.dropFirst("#/components/schemas/".count)))
                }
                for member in object.values { references(member, into: &found) }
            } else if let array = value as? [Any] {
                for member in array { references(member, into: &found) }
            }
        }
        let root = document as? [String: Any] ?? [:]
        let schemas = (root["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var bodies: [Any] = []
        for case let item as [String: Any] in (root["paths"] as? [String: Any] ?? [:]).values {
            for case let operation as [String: Any] in item.values {
                if let body = operation["requestBody"] { bodies.append(body) }
            }
        }
        var found: Set<String> = []
        references(bodies, into: &found)
        var pending = Array(found)
        while let name = pending.popLast() {
            var more: Set<String> = []
            references(schemas[name] ?? [:], into: &more)
            for other in more.subtracting(found) {
                found.insert(other)
                pending.append(other)
            }
        }
        return found
    }

    /// One schema with the rule, and every schema inside it, by JSON Schema's own keywords (so that a property
    /// named `properties` or `type` is never taken for the keyword).
    static func schema(_ value: Any, describingIgnored: Bool) -> Any {
        guard var object = value as? [String: Any] else { return value }
        func inner(_ member: Any) -> Any { schema(member, describingIgnored: describingIgnored) }
        for key in ["items", "not", "additionalProperties", "propertyNames", "contains", "if", "then", "else"] {
            if let member = object[key] { object[key] = inner(member) }
        }
        for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
            if let members = object[key] as? [Any] { object[key] = members.map(inner) }
        }
        for key in ["properties", "patternProperties", "$defs", "dependentSchemas"] {
            if let members = object[key] as? [String: Any] { object[key] = members.mapValues(inner) }
        }
        let types = (object["type"] as? String).map { [$0] } ?? object["type"] as? [String] ?? []
        if types.contains("string"), object["pattern"] == nil, object["format"] == nil, object["enum"] == nil,
            object["const"] == nil
        {
            object["pattern"] = (object["minLength"] as? Int ?? 0) >= 1 ? nonBlankPattern : pattern
        }
        if types.contains("object") || (object["type"] == nil && object["properties"] != nil) {
            if describingIgnored,
                object["additionalProperties"] == nil || object["additionalProperties"] as? Bool == true
            {
                object["additionalProperties"] = ["$ref": "#/components/schemas/\(ignoredMember)"]
            }
            if object["additionalProperties"] as? Bool != false, object["propertyNames"] == nil {
                object["propertyNames"] = ["pattern": pattern]
            }
        }
        return object
    }
}
