import Crypto
import Foundation
import Hummingbird
import NIOCore
import SiagaCore
import SiagaStore

/// Reads the whole body, at most `limit` bytes; more is a 413 problem.
func collect(_ request: Request, upTo limit: Int = RequestLimits.maxBodyBytes) async throws -> ByteBuffer {
    do {
        return try await request.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
        throw ProblemDetails.tooLarge(request.language)
    }
}

/// A decoded JSON request body, with the fingerprint that identifies it for idempotent replay.
struct RequestBody<Value: Decodable> {
    var value: Value
    /// SHA-256 of the body in canonical form (keys sorted, no insignificant white space), hex: a retry that
    /// serialises the same JSON differently is still the same request.
    var fingerprint: String

    /// Reads at most ``RequestLimits/maxBodyBytes`` and decodes JSON, answering malformed, mistyped or oversized
    /// bodies with a problem document that names the field.
    static func decode(_ request: Request) async throws -> RequestBody {
        let language = request.language
        let buffer = try await collect(request)
        let bytes = Data(buffer.readableBytesView)
        if let type = request.headers[.contentType], !type.lowercased().contains("json") {
            throw ProblemDetails(
                "unsupported-media-type", status: .unsupportedMediaType,
                title: language.pick("Format tidak didukung", "Unsupported media type"),
                detail: language.pick("Kirim isi sebagai application/json.", "Send the body as application/json."))
        }
        guard !bytes.isEmpty else {
            throw ProblemDetails.malformed(
                language.pick("Isi permintaan kosong.", "The request body is empty."), language)
        }
        let value: Value
        do {
            value = try APIJSON.decoder().decode(Value.self, from: bytes)
        } catch let error as DecodingError {
            throw ProblemDetails.decoding(error, language)
        } catch let unknown as UnknownValue {
            throw ValidationError([FieldError(unknown.field, .unknownValue(allowed: unknown.allowed))])
        }
        let parsed = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        // Every text of every request, refused in one place: a NUL or other control character would be stored
        // cut short by one layer and echoed whole by another.
        if let parsed, let field = JSONText.firstControlCharacter(in: parsed) {
            throw ValidationError([FieldError(field, .controlCharacter)])
        }
        return RequestBody(value: value, fingerprint: canonicalFingerprint(of: bytes, parsed: parsed))
    }
}

/// Walks decoded JSON for text that holds a control character.
enum JSONText {
    /// The JSON path (`location.address`, `rows[2].primary`) of the first string, or member name, holding a
    /// control character that no text field stores; nil when there is none.
    static func firstControlCharacter(in value: Any, at path: String = "") -> String? {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains(where: TextRules.isForbiddenControl) ? path : nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstControlCharacter(in: element, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let member = path.isEmpty ? key : "\(path).\(key)"
                if key.unicodeScalars.contains(where: TextRules.isForbiddenControl) { return member }
                if let found = firstControlCharacter(in: object[key]!, at: member) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

private func canonicalFingerprint(of json: Data, parsed: Any?) -> String {
    // JSON that decoded but cannot be re-serialised (a number beyond Double in an ignored member) is
    // fingerprinted as sent: a retry sends the same bytes.
    let canonical =
        parsed.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
        ?? json
    return SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
}

extension ProblemDetails {
    /// Words a `DecodingError` for people, naming the JSON path of the field at fault.
    static func decoding(_ error: DecodingError, _ language: Language) -> ProblemDetails {
        func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
            (context.codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context, appending: key)
            return .validation(ValidationError([FieldError(field, .required)]), language)
        case .typeMismatch(let type, let context):
            let field = path(context)
            return .malformed(
                language.pick("'\(field)' harus bertipe \(typeName(type)).", "'\(field)' must be \(typeName(type))."),
                field: field, language)
        case .valueNotFound(_, let context):
            return .validation(ValidationError([FieldError(path(context), .required)]), language)
        case .dataCorrupted(let context):
            let field = path(context)
            if field.isEmpty {
                return .malformed(language.pick("Isi bukan JSON yang valid.", "The body is not valid JSON."), language)
            }
            // The standard library's words for a value no enumeration has ("Cannot initialize … from invalid String
            // value …") name a type of the server's: say it in the request's language instead.
            let why =
                context.debugDescription.hasPrefix("Cannot initialize")
                ? language.pick("bukan salah satu nilai yang dikenal", "not one of the known values")
                : context.debugDescription
            return .malformed(
                language.pick("Nilai '\(field)' tidak valid: \(why)", "Invalid value for '\(field)': \(why)"),
                field: field, language)
        @unknown default:
            return .malformed(language.pick("Isi tidak dapat dibaca.", "The body cannot be read."), language)
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: "object"
        }
    }
}

extension Request {
    /// The idempotency claim of a write, from its `Idempotency-Key` header; `nil` without one.
    /// `scope` defaults to the method and path; routes that accept several names for one resource pass the
    /// scope of its canonical path so a retry by another name is still a replay.
    func idempotencyClaim(fingerprint: String, scope: String? = nil) throws -> IdempotencyClaim? {
        guard let key = headers[.idempotencyKey] else { return nil }
        guard (1...128).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ProblemDetails.malformed(
                language.pick(
                    "Idempotency-Key harus 1–128 karakter ASCII tanpa spasi.",
                    "Idempotency-Key must be 1–128 ASCII characters without spaces."), field: "Idempotency-Key",
                language)
        }
        return IdempotencyClaim(scope: scope ?? "\(method) \(uri.path)", key: key, fingerprint: fingerprint)
    }
}
