import Foundation
import SiagaCore

/// A forward in which the call taker chose other agencies than the matrix proposed, with the reason given.
struct DeviationDTO: Encodable, Sendable {
    var eventId: String
    var incidentId: String
    var at: Date
    var actor: String
    var matrixVersion: Int?
    var proposed: [String]
    var chosen: [String]
    var added: [String]
    var removed: [String]
    var reason: String?
}
