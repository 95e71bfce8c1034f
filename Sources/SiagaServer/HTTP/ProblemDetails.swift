import Foundation
public import HTTPTypes
public import Hummingbird
import SiagaCore

/// An RFC 9457 problem document: every error response of the API is one.
public struct ProblemDetails: HTTPResponseError, Encodable, Sendable {
    /// One field that failed, with a stable code for programs and a message for people.
    public struct FieldProblem: Encodable, Sendable, Equatable {
        public var field: String
        public var code: String
        public var message: String

        public init(field: String, code: String, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }

        private enum CodingKeys: String, CodingKey { case field, code, message }

        /// `field` and `message` go out with any control character the client put in what they quote (a member's
        /// name, a value) escaped (`\u0007`): a refusal never sends the control back.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(TextRules.escapingForbiddenControls(field), forKey: .field)
            try container.encode(code, forKey: .code)
            try container.encode(TextRules.escapingForbiddenControls(message), forKey: .message)
        }
    }

    /// A URN naming the kind of problem, e.g. `urn:siaga112:problem:validation-failed`.
    public var type: String
    public var title: String
    public var status: HTTPResponse.Status
    public var detail: String
    public var errors: [FieldProblem]
    /// Extra members: the current state for a conflict, the allowed values for an unknown one.
    public var extensions: [String: any Encodable & Sendable]
    /// Seconds a client should wait before retrying, sent as `Retry-After` with 429 and 503.
    public var retryAfterSeconds: Int?

    public init(
        _ slug: String,
        status: HTTPResponse.Status,
        title: String,
        detail: String,
        errors: [FieldProblem] = [],
        extensions: [String: any Encodable & Sendable] = [:]
    ) {
        self.type = "urn:siaga112:problem:\(slug)"
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The members RFC 9457 defines, and `errors`: an extension of the same name is not sent.
    static let standardMembers: Set<String> = ["type", "title", "status", "detail", "instance", "errors"]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(type, forKey: DynamicKey("type"))
        try container.encode(title, forKey: DynamicKey("title"))
        try container.encode(status.code, forKey: DynamicKey("status"))
        // A detail may quote what the client sent: a control character in it goes out escaped.
        try container.encode(TextRules.escapingForbiddenControls(detail), forKey: DynamicKey("detail"))
        if !errors.isEmpty { try container.encode(errors, forKey: DynamicKey("errors")) }
        // An extension never stands in for a member RFC 9457 defines (a `status` word would replace the code).
        for (key, value) in extensions.sorted(by: { $0.key < $1.key }) where !Self.standardMembers.contains(key) {
            try container.encode(AnyEncodable(value: value), forKey: DynamicKey(key))
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if status == .tooManyRequests || status == .serviceUnavailable {
            headers[.retryAfter] = String(retryAfterSeconds ?? 1)
        }
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.encode(self))))
    }
}

private struct AnyEncodable: Encodable {
    let value: any Encodable
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
