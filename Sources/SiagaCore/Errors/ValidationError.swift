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
        /// Text holding a control character (U+0000–U+001F but tab and line breaks, U+007F–U+009F): never stored.
        case controlCharacter
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
        if trimmed.storedLength > max { return [FieldError(field, .tooLong(max: max))] }
        return []
    }

    /// True for a character no text field stores: C0 controls but tab, line feed and carriage return, DEL and the
    /// C1 controls. A NUL in particular would be cut off by some layers and kept by others.
    public static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// `text` with each forbidden control written out as `\u0007`, for echoing what a client sent (the name of a
    /// member that holds one) without sending the control back.
    public static func escapingForbiddenControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbiddenControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isForbiddenControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

extension String {
    /// The length limits count: Unicode scalars, what is stored, not what a screen draws as one character
    /// (one grapheme can carry thousands of combining marks).
    public var storedLength: Int { unicodeScalars.count }

    /// The string without leading and trailing spaces, tabs and newlines.
    public var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
