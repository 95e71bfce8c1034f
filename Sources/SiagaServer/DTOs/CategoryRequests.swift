import SiagaCore

/// `PUT /regions/{code}/categories`: the region's whole catalog, in order.
struct ReplaceCategoriesRequest: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var code: String
        var name: Name
        var defaultPriority: Priority
        var subcategories: [Sub]?
    }

    struct Sub: Decodable, Sendable {
        var code: String
        var name: Name
        var defaultPriority: Priority
    }

    struct Name: Decodable, Sendable {
        var id: String
        var en: String

        var text: LocalizedText { LocalizedText(id: id.trimmingWhitespace, en: en.trimmingWhitespace) }
    }

    var items: [Item]

    func validated() throws(ValidationError) -> CategoryCatalog {
        let catalog = CategoryCatalog(
            items.map { item in
                Category(
                    code: item.code, name: item.name.text, defaultPriority: item.defaultPriority,
                    subcategories: (item.subcategories ?? []).map {
                        Subcategory(code: $0.code, name: $0.name.text, defaultPriority: $0.defaultPriority)
                    })
            })
        try ValidationError.check(catalog.problems())
        return catalog
    }
}
