public import Foundation

/// One step of an agency's ladder: reach this person on this channel, so long after the step before.
public struct NoticeRung: Hashable, Codable, Sendable {
    public var channel: NoticeChannel
    /// Who is reached, in the channel's normal form (``NoticeRung/normalised(_:for:)``).
    public var recipient: String
    /// Who that is, as the center knows them: "Piket Damkar", "Kepala BPBD".
    public var label: String?
    /// Seconds after the previous rung fell due (after the forward, for the first) before this one does.
    public var afterSeconds: Int

    public init(channel: NoticeChannel, recipient: String, label: String? = nil, afterSeconds: Int = 0) {
        self.channel = channel
        self.recipient = recipient
        self.label = label
        self.afterSeconds = afterSeconds
    }

    /// `recipient` as stored and compared: `+62…` for numbers, the chat id for Telegram, the lower-cased address
    /// for e-mail; nil when it is not one.
    public static func normalised(_ recipient: String, for channel: NoticeChannel) -> String? {
        let text = recipient.trimmingWhitespace
        switch channel {
        case .sms, .whatsapp, .phone:
            guard let number = PhoneNumber(text), number.rawValue.hasPrefix("+") else { return nil }
            return number.rawValue
        case .telegram:
            guard let id = Int64(text), id != 0 else { return nil }
            return String(id)
        case .email:
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254,
                text.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>(),;:\"[]\\".contains($0) })
            else { return nil }
            return text.lowercased()
        }
    }

    /// The recipient as lists show it: a number's last four digits, an address's first letter and domain.
    public var maskedRecipient: String {
        switch channel {
        case .sms, .whatsapp, .phone, .telegram:
            return String(repeating: "•", count: max(0, recipient.count - 4)) + recipient.suffix(4)
        case .email:
            guard let at = recipient.firstIndex(of: "@") else { return "•••" }
            return String(recipient.prefix(1)) + "•••" + recipient[at...]
        }
    }
}

/// How Siaga112 reaches an agency when an incident is forwarded to it, rung after rung until someone
/// acknowledges: e.g. WhatsApp to the duty officer, SMS a minute later, then a task to phone him, then the head.
public struct NoticeLadder: Hashable, Codable, Sendable {
    public var rungs: [NoticeRung]

    public static let maxRungs = 8
    /// The longest wait between two rungs: an hour.
    public static let maxAfterSeconds = 3600

    public init(rungs: [NoticeRung] = []) { self.rungs = rungs }

    /// The ladder with each recipient in its normal form, or the field errors that prevent it.
    public func validated(field: String = "rungs") -> Result<NoticeLadder, ValidationError> {
        var errors: [FieldError] = []
        if rungs.count > Self.maxRungs { errors.append(FieldError(field, .tooLong(max: Self.maxRungs))) }
        var checked: [NoticeRung] = []
        for (index, rung) in rungs.enumerated() {
            let prefix = "\(field)[\(index)]"
            if let recipient = NoticeRung.normalised(rung.recipient, for: rung.channel) {
                checked.append(
                    NoticeRung(
                        channel: rung.channel, recipient: recipient, label: rung.label,
                        afterSeconds: rung.afterSeconds))
            } else {
                errors.append(FieldError("\(prefix).recipient", .invalidFormat))
            }
            if !(0...Self.maxAfterSeconds).contains(rung.afterSeconds) {
                errors.append(FieldError("\(prefix).afterSeconds", .outOfRange))
            }
            if let label = rung.label { errors += TextRules.problems(label, field: "\(prefix).label", max: 100) }
        }
        return errors.isEmpty ? .success(NoticeLadder(rungs: checked)) : .failure(ValidationError(errors))
    }

    /// Each rung's index and the moment it falls due for a forward at `start`.
    public func schedule(from start: Date) -> [(index: Int, rung: NoticeRung, dueAt: Date)] {
        var due = start
        return rungs.enumerated().map { index, rung in
            due = due.addingTimeInterval(Double(rung.afterSeconds))
            return (index, rung, due)
        }
    }

    /// Whether `address` is one of this ladder's recipients on `channel`: who may answer for the agency there.
    public func reaches(_ address: String, on channel: NoticeChannel) -> Bool {
        guard let normal = NoticeRung.normalised(address, for: channel) else { return false }
        return rungs.contains { $0.channel == channel && $0.recipient == normal }
    }
}
