import Foundation
import Logging
import Metrics
import SiagaCore
import SiagaStore

/// What comes back from the channels: delivery reports (logged on the timeline, never an acknowledgement) and
/// acknowledgements (a button, a link, an SMS reply `TERIMA 4821`), each recorded as the agency's
/// `acknowledgeDispatch`, timed like any other. A forged, expired, reused or other agency's acknowledgement is
/// refused with its reason and audited.
struct NoticeAnswers: Sendable {
    let store: SQLStore
    let incidents: IncidentService
    let keyring: NoticeKeyring
    let now: @Sendable () -> Date
    let logger: Logger

    /// Records one piece of feedback; `address` is the client that delivered it (a webhook's peer).
    @discardableResult
    func record(_ feedback: NoticeFeedback, address: String?) async throws -> NoticeAnswer {
        switch feedback {
        case .delivery(let channel, let reference, let delivery):
            return try await recordDelivery(channel, reference: reference, delivery) ? .logged : .unmatched
        case .acknowledgement(let channel, let token, let sender):
            return try await acknowledge(token: token, channel: channel, from: sender, address: address)
        case .reply(let channel, let text, let sender):
            guard let code = NoticePlan.replyCode(in: text) else { return .ignored }
            return try await acknowledge(code: code, channel: channel, from: sender, address: address)
        }
    }

    /// Records `feedback`; a delivery report that arrived before its notice's hand-over was recorded (an SMSC may
    /// send the receipt before the submit's answer) is tried again in the background for a few seconds.
    @discardableResult
    func recordEventually(_ feedback: NoticeFeedback, address: String?) async throws -> NoticeAnswer {
        let answer = try await record(feedback, address: address)
        guard answer == .unmatched else { return answer }
        Task {
            for _ in 0..<Self.unmatchedRetries {
                try await Task.sleep(for: .milliseconds(500))
                if try await record(feedback, address: address) != .unmatched { return }
            }
            logger.warning("delivery report for no known notice", metadata: ["report": "\(feedback)"])
        }
        return answer
    }

    static let unmatchedRetries = 20

    /// Acknowledges with a token from a button or a link; `sender` is who pressed it, when the channel says.
    func acknowledge(token: String, channel: NoticeChannel, from sender: NoticeSender?, address: String?)
        async throws -> NoticeAnswer
    {
        let keys = try await keyring.token(from: store)
        return try await decide(channel: channel, from: sender, address: address, shown: String(token.prefix(20))) {
            reader in
            guard let id = NoticeToken.noticeID(in: token), let notice = try await reader.notice(id),
                keys.verify(token, against: notice)
            else { return .failure(.forged) }
            return .success(notice)
        }
    }

    /// Acknowledges with the code of an SMS (or chat) reply, from the number that sent it.
    func acknowledge(code: String, channel: NoticeChannel, from sender: NoticeSender, address: String?)
        async throws -> NoticeAnswer
    {
        try await decide(channel: channel, from: sender, address: address, shown: "kode \(code)") { reader in
            let candidates = try await reader.notices(channel: channel, replyCode: code)
            guard !candidates.isEmpty else { return .failure(.unknownCode) }
            let normal = NoticeRung.normalised(sender.address, for: channel)
            guard let notice = candidates.first(where: { $0.recipient == normal }) else {
                return .failure(.otherAgency)
            }
            return .success(notice)
        }
    }

    private func decide(
        channel: NoticeChannel, from sender: NoticeSender?, address: String?, shown: String,
        find: @escaping @Sendable (StoreReader) async throws -> Result<Notice, NoticeRefusal>
    ) async throws -> NoticeAnswer {
        let at = now().truncatedToMilliseconds
        let answer = try await store.perform(
            UnitOfWork(priority: .urgent, at: at) { transaction -> NoticeAnswer in
                let found = try await find(transaction.reader)
                let outcome: Result<Notice, NoticeRefusal>
                switch found {
                case .failure(let refusal): outcome = .failure(refusal)
                case .success(let notice):
                    outcome = try await check(notice, channel: channel, sender: sender, at: at, transaction)
                }
                switch outcome {
                case .success(var notice):
                    let who = Self.who(sender, notice: notice)
                    let change = try await incidents.execute(
                        .updateDispatch(
                            notice.agencyID, .acknowledge(acknowledgedBy: who, channel: ForwardingChannel(channel))),
                        on: notice.incidentID, expectedVersion: nil,
                        as: .trusted(Actor(kind: .integration, id: "notice-\(channel.rawValue)"))
                    ).body(transaction)
                    notice.state = .acknowledged
                    try await transaction.updateNotice(notice)
                    return .acknowledged(change.after.number.description, notice.agencyID)
                case .failure(let refusal):
                    let notice = try? found.get()
                    try await transaction.appendAudit(
                        AuditEntry(
                            at: at, actor: Actor(kind: .integration, id: "notice-\(channel.rawValue)"),
                            action: .noticeAcknowledgementRefused, target: notice?.incidentID.rawValue,
                            region: notice?.regionCode, address: address,
                            detail: [
                                "reason": refusal.rawValue, "channel": channel.rawValue, "token": shown,
                                "from": sender.map {
                                    NoticeRung(channel: channel, recipient: $0.address).maskedRecipient
                                }
                                    ?? "",
                            ]))
                    return .refused(refusal)
                }
            })
        if case .refused(let refusal) = answer {
            Counter(label: "siaga_notice_acks_refused_total", dimensions: [("reason", refusal.rawValue)]).increment()
            logger.warning("acknowledgement refused", metadata: ["reason": "\(refusal)", "channel": "\(channel)"])
        }
        return answer
    }

    /// Whether `notice` may still be acknowledged, by `sender` on `channel`.
    private func check(
        _ notice: Notice, channel: NoticeChannel, sender: NoticeSender?, at: Date, _ transaction: WriteTransaction
    ) async throws -> Result<Notice, NoticeRefusal> {
        if let sender, channel != .email {
            let ladder = try await transaction.reader.noticeLadder(of: notice.agencyID) ?? NoticeLadder()
            let chat = sender.chat.map { ladder.reaches($0, on: channel) } ?? false
            guard chat || ladder.reaches(sender.address, on: channel) || notice.recipient == sender.address else {
                return .failure(.otherAgency)
            }
        }
        if notice.state == .acknowledged { return .failure(.used) }
        if at > notice.expiresAt { return .failure(.expired) }
        guard let incident = try await transaction.reader.incident(notice.incidentID),
            let dispatch = incident.dispatches.last(where: { $0.agencyID == notice.agencyID })
        else { return .failure(.forged) }
        guard dispatch.status == .notified else {
            return .failure(dispatch.acknowledgement != nil ? .alreadyAcknowledged : .dispatchEnded)
        }
        return .success(notice)
    }

    /// The agency person as the acknowledgement names them: the rung's label or the channel's name, and where
    /// from (masked).
    private static func who(_ sender: NoticeSender?, notice: Notice) -> String {
        let rung = notice.ladderRung
        let name = sender?.name ?? rung.label
        let from = sender.map { NoticeRung(channel: notice.channel, recipient: $0.address).maskedRecipient }
        return [name, from.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ").nonEmpty
            ?? rung.maskedRecipient
    }

    /// Records a delivery report; false when no notice carries its reference (yet).
    private func recordDelivery(_ channel: NoticeChannel, reference: String, _ delivery: NoticeDelivery)
        async throws -> Bool
    {
        let at = now().truncatedToMilliseconds
        return try await store.perform(
            UnitOfWork(at: at) { transaction in
                guard var notice = try await transaction.reader.notice(channel: channel, providerReference: reference),
                    let incident = try await transaction.reader.incident(notice.incidentID)
                else { return false }
                let step: NoticeStep
                let detail: String?
                switch delivery {
                case .delivered: (step, detail) = (.delivered, nil)
                case .read: (step, detail) = (.read, nil)
                case .failed(let reason): (step, detail) = (.undelivered, reason)
                }
                if [.sent, .delivered].contains(notice.state) {
                    notice.state =
                        switch step {
                        case .delivered: .delivered
                        case .read: .read
                        default: .undelivered
                        }
                    try await transaction.updateNotice(notice)
                }
                _ = try await transaction.appendIncident(
                    [NoticePlan.report(notice, step, detail: detail)], to: incident,
                    metadata: EventMetadata(at: at, actor: NoticeService.actor))
                return true
            })
    }
}

/// What became of an answer from a channel.
enum NoticeAnswer: Sendable, Hashable {
    /// The dispatch of this agency on this incident (by number) is acknowledged.
    case acknowledged(String, AgencyID)
    case refused(NoticeRefusal)
    /// A delivery report, on the timeline.
    case logged
    /// A reply with no acknowledgement code in it.
    case ignored
    /// A delivery report naming no notice this center knows (yet).
    case unmatched
}

/// Why an acknowledgement from a message was refused.
enum NoticeRefusal: String, Error, Sendable, Hashable {
    /// The token was not signed by this center, or names no notice.
    case forged
    case expired
    /// This notice was already used to acknowledge.
    case used
    /// The person answering is not on the ladder of the agency the notice went to.
    case otherAgency
    /// No notice carries the code in the reply.
    case unknownCode
    /// The agency had already acknowledged by another way.
    case alreadyAcknowledged
    /// The dispatch was declined, re-routed or cancelled, or the incident ended.
    case dispatchEnded
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
