public import Foundation

/// Whether a phone is registered with the switch, as the switch last reported it.
public struct PhoneRegistration: Hashable, Sendable {
    public var phone: PhoneName
    /// How many contacts (devices) the phone has registered.
    public var contacts: Int
    /// When the last of them expires unless renewed; nil when none is registered.
    public var until: Date?
    /// When the switch saw it.
    public var at: Date

    public init(phone: PhoneName, contacts: Int, until: Date?, at: Date) {
        self.phone = phone
        self.contacts = contacts
        self.until = until
        self.at = at
    }

    /// True when the phone can ring at `now`: a contact registered and not yet expired.
    public func isRegistered(at now: Date) -> Bool {
        guard contacts > 0, let until else { return false }
        return until > now
    }
}

/// A phone's registration as the switch numbered it, like its call steps (``SwitchEvent``).
public struct PhoneReport: Hashable, Sendable {
    public var source: String
    public var sequence: Int
    public var registration: PhoneRegistration

    public init(source: String, sequence: Int, registration: PhoneRegistration) {
        self.source = source
        self.sequence = sequence
        self.registration = registration
    }
}
