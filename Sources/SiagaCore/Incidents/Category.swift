/// Text in the two languages the console speaks.
public struct LocalizedText: Hashable, Codable, Sendable {
    /// Bahasa Indonesia, the default.
    public var id: String
    public var en: String

    public init(id: String, en: String) {
        self.id = id
        self.en = en
    }
}

/// What kind of emergency an incident is: it drives the default priority and, later, which agencies the
/// responsibility matrix routes to.
public struct Category: Hashable, Codable, Sendable, Identifiable {
    /// Stable code, e.g. `kebakaran`.
    public var code: String
    public var name: LocalizedText
    public var defaultPriority: Priority
    public var subcategories: [Subcategory]

    public var id: String { code }

    public init(code: String, name: LocalizedText, defaultPriority: Priority, subcategories: [Subcategory] = []) {
        self.code = code
        self.name = name
        self.defaultPriority = defaultPriority
        self.subcategories = subcategories
    }

    public func subcategory(_ code: String) -> Subcategory? { subcategories.first { $0.code == code } }
}

/// A refinement of a category, e.g. `kebakaran/lahan`, with its own default priority.
public struct Subcategory: Hashable, Codable, Sendable {
    public var code: String
    public var name: LocalizedText
    public var defaultPriority: Priority

    public init(code: String, name: LocalizedText, defaultPriority: Priority) {
        self.code = code
        self.name = name
        self.defaultPriority = defaultPriority
    }
}

/// A category and optional subcategory chosen for an incident.
public struct Classification: Hashable, Codable, Sendable {
    public var category: String
    public var subcategory: String?

    public init(category: String, subcategory: String? = nil) {
        self.category = category
        self.subcategory = subcategory
    }
}

/// The categories a region uses. Regions start from ``CategoryCatalog/defaults`` and may edit them.
public struct CategoryCatalog: Hashable, Codable, Sendable {
    public var categories: [Category]

    public init(_ categories: [Category]) { self.categories = categories }

    public func category(_ code: String) -> Category? { categories.first { $0.code == code } }

    /// Checks a classification against the catalog.
    public func validate(_ classification: Classification) throws(TransitionError) {
        guard let category = category(classification.category) else {
            throw .unknownCategory(classification.category)
        }
        if let sub = classification.subcategory, category.subcategory(sub) == nil {
            throw .unknownSubcategory(category: classification.category, subcategory: sub)
        }
    }

    /// Field errors that keep this catalog from being a region's: it needs at least one category, codes of
    /// lower-case letters, digits and dashes that are unique where they must be, and names in both languages.
    public func problems(field: String = "items") -> [FieldError] {
        var errors: [FieldError] = categories.isEmpty ? [FieldError(field, .required)] : []
        var seen: Set<String> = []
        for (index, category) in categories.enumerated() {
            let path = "\(field)[\(index)]"
            errors += Self.codeProblems(category.code, "\(path).code", unique: &seen)
            errors += Self.nameProblems(category.name, "\(path).name")
            var seenSubcategories: Set<String> = []
            for (subIndex, sub) in category.subcategories.enumerated() {
                let subPath = "\(path).subcategories[\(subIndex)]"
                errors += Self.codeProblems(sub.code, "\(subPath).code", unique: &seenSubcategories)
                errors += Self.nameProblems(sub.name, "\(subPath).name")
            }
        }
        return errors
    }

    private static func codeProblems(_ code: String, _ field: String, unique seen: inout Set<String>) -> [FieldError] {
        let valid =
            (1...40).contains(code.count)
            && code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard valid else { return [FieldError(field, .invalidFormat)] }
        return seen.insert(code).inserted ? [] : [FieldError(field, .notAllowedHere)]
    }

    private static func nameProblems(_ name: LocalizedText, _ field: String) -> [FieldError] {
        TextRules.problems(name.id, field: "\(field).id", max: 100)
            + TextRules.problems(name.en, field: "\(field).en", max: 100)
    }

    /// The priority a classification proposes: the subcategory's, else the category's.
    /// Precondition: the classification is valid in this catalog.
    public func defaultPriority(for classification: Classification) -> Priority {
        guard let category = category(classification.category) else {
            preconditionFailure("defaultPriority(for:) on an unvalidated classification \(classification)")
        }
        return classification.subcategory.flatMap { category.subcategory($0)?.defaultPriority }
            ?? category.defaultPriority
    }
}
