public import Foundation

/// What a supervisor or BPBD operator writes to warn the public: the event, the kecamatan it covers, how urgent,
/// severe and certain it is, the words in Indonesian (and optionally English), and how long it holds.
public struct CAPIssue: Hashable, Sendable {
    public struct Words: Hashable, Sendable {
        public var headline: String
        public var description: String
        public var instruction: String?

        public init(headline: String, description: String, instruction: String?) {
            self.headline = headline
            self.description = description
            self.instruction = instruction
        }
    }

    public var event: CAPEvent
    public var kecamatan: [RegionCode]
    public var urgency: CAPInfo.Urgency
    public var severity: CAPInfo.Severity
    public var certainty: CAPInfo.Certainty
    public var indonesian: Words
    public var english: Words?
    public var validHours: Int
    public var status: CAPAlert.Status

    public init(
        event: CAPEvent, kecamatan: [RegionCode], urgency: CAPInfo.Urgency, severity: CAPInfo.Severity,
        certainty: CAPInfo.Certainty, indonesian: Words, english: Words?, validHours: Int, status: CAPAlert.Status
    ) {
        self.event = event
        self.kecamatan = kecamatan
        self.urgency = urgency
        self.severity = severity
        self.certainty = certainty
        self.indonesian = indonesian
        self.english = english
        self.validHours = validHours
        self.status = status
    }

    public static let maxHeadline = 160
    public static let maxText = 4000

    /// What is wrong with the request, field by field; `region` is the issuing region.
    public func problems(in region: RegionCode) -> [FieldError] {
        var problems: [FieldError] = []
        if kecamatan.isEmpty { problems.append(FieldError("kecamatan", .required)) }
        for (index, code) in kecamatan.enumerated() where code.level != .kecamatan || !region.contains(code) {
            problems.append(FieldError("kecamatan[\(index)]", .notAllowedHere))
        }
        if !(1...168).contains(validHours) { problems.append(FieldError("validHours", .outOfRange)) }
        for (prefix, words) in [("", indonesian)] + (english.map { [("english.", $0)] } ?? []) {
            if words.headline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(FieldError("\(prefix)headline", .required))
            } else if words.headline.count > Self.maxHeadline {
                problems.append(FieldError("\(prefix)headline", .tooLong(max: Self.maxHeadline)))
            }
            if words.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(FieldError("\(prefix)description", .required))
            } else if words.description.count > Self.maxText {
                problems.append(FieldError("\(prefix)description", .tooLong(max: Self.maxText)))
            }
            if (words.instruction?.count ?? 0) > Self.maxText {
                problems.append(FieldError("\(prefix)instruction", .tooLong(max: Self.maxText)))
            }
        }
        return problems
    }

    /// CAP's `responseType` for the event: people leave for an evacuation, get ready otherwise.
    var responseType: String { event == .evacuation ? "Evacuate" : "Prepare" }

    /// The alert: one `info` per language, each with the same areas.
    public func alert(
        identifier: String, sender: String, senderName: String, sent: Date, areas: [CAPArea], utcOffsetHours: Int,
        messageType: CAPAlert.MessageType = .alert, references: [CAPReference] = []
    ) -> CAPAlert {
        let expires = sent.addingTimeInterval(Double(validHours) * 3600)
        let info = [("id-ID", event.name.id, indonesian)] + (english.map { [("en-US", event.name.en, $0)] } ?? [])
        return CAPAlert(
            identifier: identifier, sender: sender, sent: sent, status: status, messageType: messageType,
            references: references,
            info: info.map { language, eventName, words in
                CAPInfo(
                    language: language, event: event, eventName: eventName, responseType: responseType,
                    urgency: urgency, severity: severity, certainty: certainty, effective: sent, expires: expires,
                    senderName: senderName, headline: words.headline, description: words.description,
                    instruction: words.instruction, areas: areas)
            }, utcOffsetHours: utcOffsetHours)
    }
}

extension CAPAlert {
    /// The cancel of this alert: the same info (CAP's receivers match areas by it) with `AllClear` and the reason,
    /// referencing it.
    public func cancellation(identifier: String, sent: Date, reason: String) -> CAPAlert {
        CAPAlert(
            identifier: identifier, sender: sender, sent: sent, status: status, messageType: .cancel,
            references: [CAPReference(sender: sender, identifier: self.identifier, sent: self.sent)],
            info: info.map { info in
                var cancelled = info
                cancelled.responseType = "AllClear"
                cancelled.effective = sent
                cancelled.expires = max(sent, info.expires)
                cancelled.headline = String(
                    ((info.language == "en-US" ? "Cancelled: " : "Dicabut: ") + info.headline).prefix(
                        CAPIssue.maxHeadline))
                cancelled.description = reason
                cancelled.instruction = nil
                return cancelled
            }, utcOffsetHours: utcOffsetHours)
    }
}
