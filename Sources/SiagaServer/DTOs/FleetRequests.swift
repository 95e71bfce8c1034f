import Foundation
import SiagaCore

/// `POST /units`: a new unit of an agency, `<agency id>-<code>`.
struct CreateUnitRequest: Decodable, Sendable {
    var agencyId: String
    var code: String
    var callsign: String
    var kind: String
    /// The post it waits at, by the post's code within the agency or its id.
    var homePost: String?
}

/// `PATCH /units/{id}`: any of callsign, kind, home post (empty string: none), out of service.
struct UpdateUnitRequest: Decodable, Sendable {
    var callsign: String?
    var kind: String?
    var homePost: String?
    /// `true` takes a free unit out of service (maintenance, no crew); `false` brings it back.
    var outOfService: Bool?
}

/// `POST /units/{id}/retire` and `POST /posko/{id}/retire`.
struct RetireRequest: Decodable, Sendable {
    var reason: String

    func validated() throws(ValidationError) -> String {
        let reason = reason.trimmingWhitespace
        try ValidationError.check(TextRules.problems(reason, field: "reason", max: 500))
        return reason
    }
}

/// `POST /posko`: a new post of an agency, `<agency id>-<code>`.
struct CreatePoskoRequest: Decodable, Sendable {
    var agencyId: String
    var code: String
    var name: String
    var latitude: Double
    var longitude: Double
}

/// `PATCH /posko/{id}`: its name or where it is (both coordinates together).
struct UpdatePoskoRequest: Decodable, Sendable {
    var name: String?
    var latitude: Double?
    var longitude: Double?
}
