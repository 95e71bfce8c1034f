import SiagaCore

struct RegionDTO: Encodable, Sendable {
    struct PolicyDTO: Encodable, Sendable {
        var repeatPrankThreshold: Int?
        var repeatPrankWindowHours: Int
        var autoForwardP1: Bool
        var autoCloseAfterHours: Int?
        var trunkSilenceMinutes: Int
    }

    var code: String
    var name: String
    var timeZone: IndonesianTimeZone
    var utcOffset: String
    var policy: PolicyDTO

    init(_ region: Region) {
        code = region.code.rawValue
        name = region.name
        timeZone = region.timeZone
        utcOffset = "+0\(region.timeZone.utcOffsetHours):00"
        policy = PolicyDTO(
            repeatPrankThreshold: region.policy.repeatPrankThreshold,
            repeatPrankWindowHours: region.policy.repeatPrankWindowHours, autoForwardP1: region.policy.autoForwardP1,
            autoCloseAfterHours: region.policy.autoCloseAfterHours,
            trunkSilenceMinutes: region.policy.trunkSilenceMinutes)
    }
}

struct CategoryDTO: Encodable, Sendable {
    struct SubcategoryDTO: Encodable, Sendable {
        var code: String
        var name: LocalizedTextDTO
        var defaultPriority: Priority
    }

    var code: String
    var name: LocalizedTextDTO
    var defaultPriority: Priority
    var subcategories: [SubcategoryDTO]

    init(_ category: Category) {
        code = category.code
        name = LocalizedTextDTO(category.name)
        defaultPriority = category.defaultPriority
        subcategories = category.subcategories.map {
            SubcategoryDTO(code: $0.code, name: LocalizedTextDTO($0.name), defaultPriority: $0.defaultPriority)
        }
    }
}

struct LocalizedTextDTO: Encodable, Sendable {
    var id: String
    var en: String

    init(_ text: LocalizedText) {
        id = text.id
        en = text.en
    }
}

struct AgencyDTO: Encodable, Sendable {
    var id: String
    var regionCode: String
    var code: String
    var name: String
    var kind: AgencyKind
    var phone: String?
    var channel: ForwardingChannel
    var active: Bool

    init(_ agency: Agency) {
        id = agency.id.rawValue
        regionCode = agency.regionCode.rawValue
        code = agency.code
        name = agency.name
        kind = agency.kind
        phone = agency.phone
        channel = agency.channel
        active = agency.active
    }
}

struct ItemsDTO<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}
