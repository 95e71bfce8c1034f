import SiagaCore

/// `POST /agencies`.
struct CreateAgencyRequest: Decodable, Sendable {
    var regionCode: String
    var code: String
    var name: String
    var kind: AgencyKind
    var phone: String?
    var channel: ForwardingChannel?

    func validated() throws(ValidationError) -> Agency {
        guard let region = RegionCode(regionCode), region.level == .kabupaten else {
            throw ValidationError([FieldError("regionCode", .invalidFormat)])
        }
        let agency = Agency(
            id: AgencyID("\(region.compact)-\(code)"), regionCode: region, code: code, name: name.trimmingWhitespace,
            kind: kind, phone: phone?.trimmingWhitespace.nilIfEmpty, channel: channel ?? .console)
        try ValidationError.check(agency.problems())
        return agency
    }
}

/// `PATCH /agencies/{id}`: any of name, phone, channel, active. Deactivating keeps the agency's history; it is
/// no longer proposed or dispatched.
struct UpdateAgencyRequest: Decodable, Sendable {
    var name: String?
    var phone: String?
    var channel: ForwardingChannel?
    var kind: AgencyKind?
    var active: Bool?

    func applied(to agency: Agency) throws(ValidationError) -> Agency {
        var updated = agency
        if let name { updated.name = name.trimmingWhitespace }
        if let phone { updated.phone = phone.trimmingWhitespace.nilIfEmpty }
        if let channel { updated.channel = channel }
        if let kind { updated.kind = kind }
        if let active { updated.active = active }
        try ValidationError.check(updated.problems())
        return updated
    }
}

/// `PATCH /regions/{code}`: the region's policy.
struct UpdateRegionRequest: Decodable, Sendable {
    struct Policy: Decodable, Sendable {
        var repeatPrankThreshold: Int?
        var repeatPrankWindowHours: Int?
        var autoForwardP1: Bool?
        /// 0 turns automatic closing off.
        var autoCloseAfterHours: Int?
        /// Minutes an operator's trunk that normally carries calls may bring none before the supervisor is alarmed.
        var trunkSilenceMinutes: Int?
    }

    var policy: Policy

    func applied(to current: RegionPolicy) throws(ValidationError) -> RegionPolicy {
        var updated = current
        if let threshold = policy.repeatPrankThreshold {
            updated.repeatPrankThreshold = threshold == 0 ? nil : threshold
        }
        if let window = policy.repeatPrankWindowHours { updated.repeatPrankWindowHours = window }
        if let auto = policy.autoForwardP1 { updated.autoForwardP1 = auto }
        if let hours = policy.autoCloseAfterHours { updated.autoCloseAfterHours = hours == 0 ? nil : hours }
        if let minutes = policy.trunkSilenceMinutes { updated.trunkSilenceMinutes = minutes }
        try ValidationError.check(updated.problems())
        return updated
    }
}
