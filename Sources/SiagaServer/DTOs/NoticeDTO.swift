import Foundation
import SiagaCore

/// `PUT /agencies/{id}/notice-ladder`: the whole ladder, first rung first; no rungs removes it.
struct NoticeLadderRequest: Decodable, Sendable {
    struct Rung: Decodable, Sendable {
        var channel: NoticeChannel
        var recipient: String
        var label: String?
        var afterSeconds: Int?
    }

    var rungs: [Rung]

    func validated() throws(ValidationError) -> NoticeLadder {
        let ladder = NoticeLadder(
            rungs: rungs.map {
                NoticeRung(
                    channel: $0.channel, recipient: $0.recipient, label: $0.label?.trimmingWhitespace.nilIfEmpty,
                    afterSeconds: $0.afterSeconds ?? 0)
            })
        return try ladder.validated().get()
    }
}

/// An agency's ladder on the wire; recipients masked unless revealed to an administrator.
struct NoticeLadderDTO: Encodable, Sendable {
    struct Rung: Encodable, Sendable {
        var channel: NoticeChannel
        var recipient: String
        var label: String?
        var afterSeconds: Int
        /// Seconds after the forward this rung falls due.
        var dueAfterSeconds: Int
    }

    var agencyId: AgencyID
    var rungs: [Rung]
    var revealed: Bool
    /// The channels this server can send on; rungs on others are recorded as undelivered.
    var configuredChannels: [NoticeChannel]

    init(agency: AgencyID, ladder: NoticeLadder, revealed: Bool, configured: [NoticeChannel]) {
        agencyId = agency
        var due = 0
        rungs = ladder.rungs.map { rung in
            due += rung.afterSeconds
            return Rung(
                channel: rung.channel, recipient: revealed ? rung.recipient : rung.maskedRecipient, label: rung.label,
                afterSeconds: rung.afterSeconds, dueAfterSeconds: due)
        }
        self.revealed = revealed
        configuredChannels = configured
    }
}

/// One notice of an incident, for the incident's page: where it stands, masked.
struct NoticeDTO: Encodable, Sendable {
    var id: NoticeID
    var agencyId: AgencyID
    var rung: Int
    var channel: NoticeChannel
    var recipient: String
    var label: String?
    var state: NoticeState
    var attempts: Int
    var dueAt: Date
    var lastError: String?

    init(_ notice: Notice) {
        id = notice.id
        agencyId = notice.agencyID
        rung = notice.rung
        channel = notice.channel
        let rung = notice.ladderRung
        // A phone task's number is the one the call takers must dial.
        recipient = notice.channel == .phone ? notice.recipient : rung.maskedRecipient
        label = notice.label
        state = notice.state
        attempts = notice.attempts
        dueAt = notice.dueAt
        lastError = notice.lastError
    }
}
