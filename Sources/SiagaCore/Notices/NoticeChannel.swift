/// How Siaga112 itself reaches a person of an agency when an incident is forwarded to it.
public enum NoticeChannel: String, Codable, Sendable, CaseIterable {
    /// WhatsApp Business Cloud API, one to one (the official API cannot post into groups).
    case whatsapp
    /// Telegram Bot API, into the agency's group or to a person.
    case telegram
    /// SMS over SMPP 3.4 to the operator's SMSC.
    case sms
    /// E-mail over SMTP.
    case email
    /// A task on the call taker's console: phone this number now.
    case phone

    /// Whether Siaga112 sends the notice itself; a phone rung is a task for a person.
    public var isSent: Bool { self != .phone }
}
