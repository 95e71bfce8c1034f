import Foundation
import SiagaCore

/// `POST /calls`. With a `disposition` the call is recorded in one step: answered (unless `abandoned`) and ended,
/// which is how a call taker closes a prank or silent call in seconds.
struct CreateCallRequest: Decodable, Sendable {
    var regionCode: String
    var channel: CallChannel
    var callerNumber: String?
    var ringAt: Date?
    var answered: Bool?
    var disposition: CallDisposition?
    var incidentId: String?
    var note: String?
    var ended: Bool?

    struct Validated {
        var receive: ReceiveCall
        var followUps: [CallCommand]
    }

    func validated(now: Date) throws(ValidationError) -> Validated {
        var errors: [FieldError] = []
        let region = RegionCode(regionCode)
        if region?.level != .kabupaten { errors.append(FieldError("regionCode", .invalidFormat)) }
        let number = callerNumber.map(PhoneNumber.init)
        if number == .some(nil) { errors.append(FieldError("callerNumber", .invalidFormat)) }
        if let ringAt, ringAt > now.addingTimeInterval(60) { errors.append(FieldError("ringAt", .outOfRange)) }
        if incidentId != nil || note != nil, disposition == nil { errors.append(FieldError("disposition", .required)) }
        if answered == true, disposition == .abandoned { errors.append(FieldError("answered", .notAllowedHere)) }
        if let note, note.storedLength > Call.maxNoteLength {
            errors.append(FieldError("note", .tooLong(max: Call.maxNoteLength)))
        }
        try ValidationError.check(errors)
        let answers = answered ?? (disposition.map { $0 != .abandoned } ?? false)
        var followUps: [CallCommand] = answers ? [.answer] : []
        if let disposition, disposition != .abandoned {
            followUps.append(
                .dispose(
                    disposition, incidentID: incidentId.map(IncidentID.init), note: note?.trimmingWhitespace.nilIfEmpty)
            )
        }
        if ended ?? (disposition != nil) { followUps.append(.end(dropped: false)) }
        return Validated(
            receive: ReceiveCall(
                regionCode: region!, channel: channel, callerNumber: number ?? nil,
                ringAt: ringAt?.truncatedToMilliseconds),
            followUps: followUps)
    }
}

/// `PATCH /calls/{id}`: any of answer, disposition, end, applied in that order in one transaction.
struct UpdateCallRequest: Decodable, Sendable {
    var version: Int?
    var answer: Bool?
    var disposition: CallDisposition?
    var incidentId: String?
    var note: String?
    var end: Bool?
    var dropped: Bool?

    func validated() throws(ValidationError) -> [CallCommand] {
        var errors: [FieldError] = []
        if let version, version < 1 { errors.append(FieldError("version", .outOfRange)) }
        if incidentId != nil || note != nil, disposition == nil { errors.append(FieldError("disposition", .required)) }
        if dropped != nil, end != true { errors.append(FieldError("end", .required)) }
        if let note, note.storedLength > Call.maxNoteLength {
            errors.append(FieldError("note", .tooLong(max: Call.maxNoteLength)))
        }
        var commands: [CallCommand] = answer == true ? [.answer] : []
        if let disposition {
            commands.append(
                .dispose(
                    disposition, incidentID: incidentId.map(IncidentID.init), note: note?.trimmingWhitespace.nilIfEmpty)
            )
        }
        if end == true { commands.append(.end(dropped: dropped ?? false)) }
        if commands.isEmpty, errors.isEmpty { errors.append(FieldError("disposition", .required)) }
        try ValidationError.check(errors)
        return commands
    }
}

/// `POST /calls/{id}/callback-attempts`.
struct CallbackAttemptRequest: Decodable, Sendable {
    var outcome: CallbackTask.Outcome
    var note: String?

    func validated() throws(ValidationError) -> CallCommand {
        if let note, note.storedLength > Call.maxNoteLength {
            throw ValidationError([FieldError("note", .tooLong(max: Call.maxNoteLength))])
        }
        return .attemptCallback(outcome, note: note?.trimmingWhitespace.nilIfEmpty)
    }
}
