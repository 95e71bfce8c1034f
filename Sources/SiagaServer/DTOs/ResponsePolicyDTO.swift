import Foundation
import SiagaCore

/// A version of a region's response-time policy on the wire.
struct ResponsePolicyDTO: Encodable, Sendable {
    var regionCode: String
    /// 0 for the built-in defaults, in force until the region saves its own.
    var version: Int
    var targets: [ResponsePolicy.Target]
    var warningShare: Double
    var escalations: [ResponsePolicy.Escalation]
    var author: String
    var at: Date
    var reason: String

    init(_ version: ResponsePolicyVersion) {
        regionCode = version.regionCode.rawValue
        self.version = version.version
        targets = version.policy.targets
        warningShare = version.policy.warningShare
        escalations = version.policy.escalations
        author = version.author.description
        at = version.at
        reason = version.reason
    }
}

/// `PUT /regions/{code}/response-policy`: the whole policy, with why it changed.
struct ReplaceResponsePolicyRequest: Decodable, Sendable {
    var reason: String
    var targets: [ResponsePolicy.Target]
    var warningShare: Double?
    var escalations: [ResponsePolicy.Escalation]?

    /// The policy, checked on its own; the agencies it names are checked against the region by the service.
    func policy() throws(ValidationError) -> (ResponsePolicy, reason: String) {
        let policy = ResponsePolicy(
            targets: targets, warningShare: warningShare ?? ResponsePolicy.defaults.warningShare,
            escalations: escalations ?? ResponsePolicy.defaultEscalations)
        try ValidationError.check(
            TextRules.problems(reason, field: "reason", max: Incident.maxReasonLength) + policy.problems())
        return (policy, reason.trimmingWhitespace)
    }
}
