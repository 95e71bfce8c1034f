/// How a contact reached the command center.
public enum CallChannel: String, Codable, Sendable, CaseIterable, ClosedValueSet {
    /// A voice call to 112.
    case voice112
    case sms
    /// An Advanced Mobile Location message (location only, or alongside a call).
    case aml
    /// A report from the web or a mobile app.
    case webApp
    /// Someone at the command center's door.
    case walkIn
    /// HT radio.
    case radio
}

/// What a call turned out to be. Every answered call gets one, so non-emergency traffic is counted.
public enum CallDisposition: String, Codable, Sendable, CaseIterable, ClosedValueSet {
    /// A real emergency: linked to an incident (several calls may link to one incident).
    case emergency
    /// A request for information or a non-emergency matter.
    case information
    case prank
    /// Silent or ghost call: nobody speaks.
    case silent
    case wrongNumber
    /// A test call (by the operator, the telco or the caller).
    case test
    /// Another call about an incident already recorded; may name that incident.
    case duplicate
    /// Dropped before anyone answered: a call-back task follows.
    case abandoned

    /// Dispositions that need an incident id.
    public var requiresIncident: Bool { self == .emergency }

    /// Dispositions that may carry an incident id.
    public var mayLinkIncident: Bool { self == .emergency || self == .duplicate }
}

/// The call's place in its own short life.
public enum CallStatus: String, Codable, Sendable, CaseIterable {
    /// Ringing or queued; nobody has answered.
    case ringing
    /// Answered and still connected.
    case active
    /// The line is closed.
    case ended
}

/// Every action on a call; used in transition errors.
public enum CallAction: String, Codable, Sendable, CaseIterable {
    case answer
    case dispose
    case end
    case attemptCallback
    case locate
    case alarm
}
