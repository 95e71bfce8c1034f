import Foundation
import Hummingbird
import SiagaCore

/// Reads query parameters, collecting a field error for each bad one instead of failing on the first.
struct QueryReader {
    private let parameters: [String: String]
    private(set) var errors: [FieldError] = []

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
        // As for request bodies: no parameter carries a control character into a search or a stored caption.
        for (name, value) in parameters.sorted(by: { $0.key < $1.key })
        where value.unicodeScalars.contains(where: TextRules.isForbiddenControl) {
            errors.append(FieldError(name, .controlCharacter))
        }
    }

    func string(_ name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// A comma-separated list of enum values.
    mutating func list<T: RawRepresentable & CaseIterable>(_ name: String, of _: T.Type) -> [T]
    where T.RawValue == String {
        guard let text = string(name) else { return [] }
        let values = text.split(separator: ",").map { T(rawValue: String($0).trimmingWhitespace) }
        if values.contains(where: { $0 == nil }) {
            errors.append(FieldError(name, .unknownValue(allowed: T.allCases.map(\.rawValue))))
        }
        return values.compactMap { $0 }
    }

    mutating func instant(_ name: String) -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = APIJSON.parseInstant(text) else {
            errors.append(FieldError(name, .invalidFormat))
            return nil
        }
        return date
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>, default value: Int) -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            errors.append(FieldError(name, .outOfRange))
            return value
        }
        return number
    }

    /// `true` or `false`; nil when absent.
    mutating func flag(_ name: String) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            errors.append(FieldError(name, .unknownValue(allowed: ["true", "false"])))
            return nil
        }
    }

    mutating func region(_ name: String) -> RegionCode? {
        guard let text = string(name) else { return nil }
        guard let code = RegionCode(text), code.level == .kabupaten else {
            errors.append(FieldError(name, .invalidFormat))
            return nil
        }
        return code
    }

    /// The `region` parameter of a request that cannot do without one, or a 400 problem.
    static func requiredRegion(_ request: Request, name: String = "region") throws -> RegionCode {
        var query = QueryReader(request)
        let code = query.region(name)
        if query.string(name) == nil { query.fail(name, .required) }
        try query.check(request.language)
        return code!
    }

    mutating func fail(_ name: String, _ reason: FieldError.Reason) { errors.append(FieldError(name, reason)) }

    /// Throws the collected errors as one 400 problem.
    func check(_ language: Language) throws {
        guard !errors.isEmpty else { return }
        throw ProblemDetails.validation(ValidationError(errors), language)
    }
}
