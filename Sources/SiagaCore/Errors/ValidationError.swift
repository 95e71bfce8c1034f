/// One field that failed validation, with a machine-readable reason; the server words it in the user's language.
public struct FieldError: Hashable, Sendable {
    /// Why a field was rejected.
    public enum Reason: Hashable, Sendable {
        case required
        case empty
        case tooLong(max: Int)
        case outOfRange
        case invalidFormat
        case unknownValue(allowed: [String])
        case notAllowedHere
    }

    /// The JSON path of the field, e.g. `location.coordinate.latitude`.
    public var field: String
    public var reason: Reason

    public init(_ field: String, _ reason: Reason) {
        self.field = field
        self.reason = reason
    }
}

/// Input that cannot be turned into a command: always carries at least one field error.
public struct ValidationError: Error, Hashable, Sendable {
    public var fieldErrors: [FieldError]

    public init(_ fieldErrors: [FieldError]) {
        precondition(!fieldErrors.isEmpty, "a ValidationError needs at least one field error")
        self.fieldErrors = fieldErrors
    }

    /// Throws when `errors` is not empty.
    public static func check(_ errors: [FieldError]) throws(ValidationError) {
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}

/// Checks on free text that every command shares.
public enum TextRules {
    /// Trims whitespace; returns an error for text that is empty after trimming or longer than `max`.
    public static func problems(_ text: String, field: String, max: Int) -> [FieldError] {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { return [FieldError(field, .empty)] }
        if trimmed.count > max { return [FieldError(field, .tooLong(max: max))] }
        return []
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    public var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
