import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SiagaCore
import SiagaStore
import Testing

@testable import SiagaServer

@Suite("OpenAPI document: describes exactly the routes the server has")
struct OpenAPITests {
    @Test("The served document is OpenAPI 3.1.0")
    func documentIsOpenAPI31() async throws {
        // given, when
        let served = try await Served.load()

        // then
        #expect(served.document.root["openapi"] as? String == "3.1.0")
        let info = try #require(served.document.root["info"] as? [String: Any])
        #expect(info["title"] as? String == "Siaga112 API")
        #expect(info["version"] as? String == SiagaVersion.current)
    }

    @Test("Every route in the router is documented and every documented operation is routed")
    func routesAndOperationsMatch() async throws {
        // given
        let served = try await Served.load()

        // when
        let documented = Set(served.document.operations.map(\.key))
        let undocumented = served.routes.subtracting(documented).sorted()
        let unrouted = documented.subtracting(served.routes).sorted()

        // then
        #expect(!served.routes.isEmpty)
        #expect(
            undocumented.isEmpty && unrouted.isEmpty,
            """
            The OpenAPI document and the router disagree.
            Routed but not documented: \(undocumented.isEmpty ? "none" : undocumented.joined(separator: ", "))
            Documented but not routed: \(unrouted.isEmpty ? "none" : unrouted.joined(separator: ", "))
            """)
    }

    @Test("The document's closed lists are the server's: audit actions, permissions, token permissions, event types")
    func closedListsMatch() async throws {
        // given
        let schemas = try #require(
            (try await Served.load().document.root["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func values(_ name: String) -> Set<String> {
            Set(((schemas[name] as? [String: Any])?["enum"] as? [String]) ?? [])
        }
        let mapping = ((schemas["IncidentEvent"] as? [String: Any])?["discriminator"] as? [String: Any])?["mapping"]

        // then
        #expect(values("AuditAction") == Set(AuditAction.allCases.map(\.rawValue)))
        #expect(values("Permission") == Set(Permission.allCases.map(\.rawValue)))
        #expect(values("TokenPermission") == Set(Permission.grantableToTokens.map(\.rawValue)))
        #expect(
            Set((mapping as? [String: Any])?.keys ?? [:].keys) == Set(IncidentEvent.EventType.allCases.map(\.rawValue)))
    }

    @Test("Every refusal of the lifecycles is a reason the document lists")
    func transitionReasonsMatch() async throws {
        // given one refusal of each kind
        let unit = UnitID("3515-damkar-waru-1")
        let agency = AgencyID("3515-damkar")
        let transfer = TransferID("t-1")
        let refusals: [TransitionError] = [
            .incidentActionNotAllowed(.close, status: .logged), .classificationRequired, .unknownCategory("x"),
            .unknownSubcategory(category: "x", subcategory: "y"), .unknownAgency(agency), .alreadyDispatched(agency),
            .callAlreadyLinked(CallID("c-1")), .unchanged(.close), .noDispatch(agency),
            .dispatchActionNotAllowed(.acknowledge, agency: agency, status: .completed, allowed: []),
            .activeDispatches([agency]), .deviationReasonRequired, .noAgencyChosen, .unknownUnit(unit),
            .unitOfAnotherAgency(unit, agency: agency), .unitBusy(unit, status: .enRoute), .unitOutOfService(unit),
            .unitNotOnDispatch(unit), .awaitingVerification, .notAwaitingVerification, .transferToOwnRegion,
            .transferPending(transfer, peer: "35.05"), .unknownTransfer(transfer),
            .transferNotOpen(transfer, state: .declined), .receivedTransferNotPending(transfer, state: .accepted),
            .callActionNotAllowed(.answer, status: .ended), .incidentRequiredForEmergency,
            .incidentNotAllowed(.prank), .abandonedAfterAnswer, .callLinkedToIncident(IncidentID("i-1")),
            .dispositionUnchanged, .noOpenCallback,
        ]
        let schemas = try #require(
            (try await Served.load().document.root["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let problem = try #require((schemas["TransitionProblem"] as? [String: Any])?["allOf"] as? [[String: Any]])
        let reason = (problem.last?["properties"] as? [String: Any])?["reason"] as? [String: Any]

        // then the document lists exactly their codes
        #expect(Set(reason?["enum"] as? [String] ?? []) == Set(refusals.map(TransitionWording.code)))
    }

    @Test("Every operation that takes input documents a 4xx problem, and every 4xx response is a Problem document")
    func errorsAreProblems() async throws {
        // given
        let document = try await Served.load().document

        // when
        var withoutProblem: [String] = []
        var notProblem: [String] = []
        var inputFreeWithInput: [String] = []
        for operation in document.operations {
            let clientErrors = operation.responses.filter { $0.key.hasPrefix("4") }
            for (status, response) in clientErrors where !document.isProblemResponse(response) {
                notProblem.append("\(operation.key) \(status)")
            }
            if clientErrors.isEmpty {
                withoutProblem.append(operation.key)
                if document.takesInput(operation) { inputFreeWithInput.append(operation.key) }
            }
        }

        // then
        #expect(
            notProblem.isEmpty, "4xx responses not referencing #/components/schemas/Problem: \(notProblem.sorted())")
        #expect(
            Set(withoutProblem).isSubset(of: Self.inputFree),
            "Operations without a 4xx Problem response: \(withoutProblem.sorted())")
        #expect(inputFreeWithInput.isEmpty, "Operations that take input but document no 4xx: \(inputFreeWithInput)")
    }

    @Test("Every write takes Idempotency-Key and Accept-Language, and every response declares X-Request-Id")
    func headersAreDocumented() async throws {
        // given
        let document = try await Served.load().document

        // when
        var missing: [String] = []
        for operation in document.operations {
            let headers = Set(
                document.parameters(of: operation).filter { $0["in"] as? String == "header" }
                    .compactMap { $0["name"] as? String })
            if ["POST", "PUT", "PATCH", "DELETE"].contains(operation.method) {
                for name in ["Idempotency-Key", "Accept-Language"] where !headers.contains(name) {
                    missing.append("\(operation.key) parameter \(name)")
                }
            }
            for (status, response) in operation.responses {
                let declared = document.resolve(response)["headers"] as? [String: Any] ?? [:]
                if declared["X-Request-Id"] == nil { missing.append("\(operation.key) \(status) header X-Request-Id") }
            }
        }

        // then
        #expect(missing.isEmpty, "Missing from the document: \(missing.sorted())")
    }

    @Test(
        "The document's text pattern admits exactly the characters the server takes: no control but tab and line breaks"
    )
    func textPatternIsTheServersRule() throws {
        // given the pattern the document writes on every string without a stricter form, read as JSON Schema reads
        // it (ECMA-262: `$` is the end, never before a vertical tab, form feed or U+0085 as ICU has it by default)
        let pattern = try NSRegularExpression(pattern: TextRule.pattern, options: [.useUnixLineSeparators])

        // when each character up to U+00A0 is tried alone
        for value in UInt32(0)...0xA0 {
            let text = String(Character(Unicode.Scalar(value)!))
            let admitted = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil

            // then the document admits it exactly when the server does
            #expect(admitted == !TextRules.isForbiddenControl(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))")
        }
    }

    @Test("The pattern of a text that must not be blank admits exactly what the server keeps")
    func nonBlankPatternIsTheServersRule() throws {
        // given the pattern of the texts the document marks `minLength: 1`
        let pattern = try NSRegularExpression(pattern: TextRule.nonBlankPattern, options: [.useUnixLineSeparators])
        func admitted(_ text: String) -> Bool {
            pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        let spaces: [UInt32] = [0x1680, 0x2000, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

        // when each character is tried alone, and between spaces
        for value in Array(UInt32(0)...0xA0) + spaces {
            let scalar = Unicode.Scalar(value)!
            let alone = String(Character(scalar))
            let kept = TextRules.problems(alone, field: "f", max: 10).isEmpty && !TextRules.isForbiddenControl(scalar)

            // then the document admits it exactly when the server keeps it, alone or padded with spaces
            #expect(admitted(alone) == kept, "U+\(String(value, radix: 16))")
            #expect(admitted(" \(alone)\n") == kept, "U+\(String(value, radix: 16)) between spaces")
        }
    }

    @Test("Every string, member name and ignored member of the document carries the text rule")
    func textRuleIsEverywhere() async throws {
        // given the served document
        let document = try await Served.load().document.root
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let incident = try #require(schemas["CreateIncidentRequest"] as? [String: Any])
        let properties = try #require(incident["properties"] as? [String: Any])

        // then a free text says it, an object that takes other members names their values and names, and a string
        // with a form of its own keeps it
        #expect((properties["description"] as? [String: Any])?["pattern"] as? String == TextRule.nonBlankPattern)
        #expect((properties["callerName"] as? [String: Any])?["pattern"] as? String == TextRule.pattern)
        #expect(
            (incident["additionalProperties"] as? [String: Any])?["$ref"] as? String
                == "#/components/schemas/IgnoredMember")
        #expect((incident["propertyNames"] as? [String: Any])?["pattern"] as? String == TextRule.pattern)
        #expect((properties["regionCode"] as? [String: Any])?["pattern"] as? String != TextRule.pattern)
        #expect(schemas[TextRule.ignoredMember] != nil)
    }

    @Test("A path or schema that two resources' fragments both define stops the document from being assembled")
    func fragmentsMayNotOverlap() throws {
        // given a document whose two fragments both describe GET /api/v1/incidents
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fragment = #"{"paths": {"/api/v1/incidents": {"get": {}}}, "components": {"schemas": {"A": {}}}}"#
        try Data(#"{"openapi": "3.1.0", "components": {"schemas": {}}}"#.utf8)
            .write(to: directory.appendingPathComponent("document.json"))
        try Data(fragment.utf8).write(to: directory.appendingPathComponent("incidents.json"))

        // when, then: one fragment assembles; a second with the same path is refused, naming it
        #expect(throws: Never.self) { try OpenAPIAssembly.assemble(from: directory) }
        try Data(fragment.utf8).write(to: directory.appendingPathComponent("reports.json"))
        #expect {
            try OpenAPIAssembly.assemble(from: directory)
        } throws: { error in
            "\(error)".contains("/api/v1/incidents") && "\(error)".contains("reports.json")
        }
    }

    /// Operations that read nothing from the request (no path or query parameter, no body), so no client error
    /// can come from them: the only ones allowed to document no 4xx response.
    static let inputFree: Set<String> = [
        "GET /api/v1/regions", "GET /api/v1/health", "GET /api/v1/openapi.json", "GET /api/v1/words",
    ]
}

/// The router's routes and the document the same router serves.
private struct Served {
    /// Each route as `METHOD /path`, e.g. `GET /api/v1/incidents/{id}`.
    var routes: Set<String>
    var document: OpenAPIDocument

    static func load() async throws -> Served {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".sqlite").path
        let backend = try await SQLiteBackend.open(path: path)
        let served: Served
        do {
            try await MigrationRunner.migrate(backend)
            let router = try buildRouter(Dependencies(store: SQLStore(backend: backend)))
            // The console's page and its settings, and the page an e-mail's acknowledgement link opens, are web
            // pages, not the API the document describes.
            let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
                .subtracting(["GET /", "GET /console/config.json", "GET /ack/{token}", "POST /ack/{token}"])
            let app = Application(router: router)
            let body = try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    #expect(response.status == .ok)
                    return response.body
                }
            }
            let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
            served = Served(routes: routes, document: OpenAPIDocument(root: try #require(json as? [String: Any])))
        } catch {
            try? await backend.shutdown()
            throw error
        }
        try await backend.shutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return served
    }
}

/// Just enough of an OpenAPI 3.1 reader for these checks.
private struct OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var pathItem: [String: Any]
        var body: [String: Any]
        var key: String { "\(method) \(path)" }
        var responses: [String: Any] { body["responses"] as? [String: Any] ?? [:] }
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    static let problemReference = "#/components/schemas/Problem"

    var root: [String: Any]

    var operations: [Operation] {
        let paths = root["paths"] as? [String: Any] ?? [:]
        return paths.sorted { $0.key < $1.key }.flatMap { path, item -> [Operation] in
            let item = item as? [String: Any] ?? [:]
            return Self.methods.compactMap { method in
                (item[method] as? [String: Any]).map {
                    Operation(method: method.uppercased(), path: path, pathItem: item, body: $0)
                }
            }
        }
    }

    /// The object a local `$ref` points to (followed repeatedly), or the node itself.
    func resolve(_ node: Any, depth: Int = 0) -> [String: Any] {
        guard let object = node as? [String: Any] else { return [:] }
        guard depth < 16, let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
        var target: Any = root
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            target = (target as? [String: Any])?[key] as Any
        }
        return resolve(target, depth: depth + 1)
    }

    /// The operation's parameters, path-level ones included, with references resolved.
    func parameters(of operation: Operation) -> [[String: Any]] {
        let all = (operation.pathItem["parameters"] as? [Any] ?? []) + (operation.body["parameters"] as? [Any] ?? [])
        return all.map { resolve($0) }
    }

    /// True when the operation reads a path or query parameter or a body.
    func takesInput(_ operation: Operation) -> Bool {
        operation.body["requestBody"] != nil
            || parameters(of: operation).contains { ["path", "query"].contains($0["in"] as? String ?? "") }
    }

    /// True when the response's `application/problem+json` schema is, extends or offers the Problem schema.
    func isProblemResponse(_ response: Any) -> Bool {
        let content = resolve(response)["content"] as? [String: Any] ?? [:]
        let media = content["application/problem+json"] as? [String: Any] ?? [:]
        return media["schema"].map { refersToProblem($0) } ?? false
    }

    private func refersToProblem(_ schema: Any, depth: Int = 0) -> Bool {
        guard depth < 16, let object = schema as? [String: Any] else { return false }
        if let reference = object["$ref"] as? String {
            return reference == Self.problemReference || refersToProblem(resolve(object), depth: depth + 1)
        }
        // Extending Problem (`allOf`) is enough; alternatives (`anyOf`, `oneOf`) must all be problems.
        if (object["allOf"] as? [Any] ?? []).contains(where: { refersToProblem($0, depth: depth + 1) }) { return true }
        let alternatives = ["anyOf", "oneOf"].flatMap { object[$0] as? [Any] ?? [] }
        return !alternatives.isEmpty && alternatives.allSatisfy { refersToProblem($0, depth: depth + 1) }
    }
}
