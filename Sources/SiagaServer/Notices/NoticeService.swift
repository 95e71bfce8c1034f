import Foundation
import Logging
import Metrics
import SiagaCore
import SiagaStore

/// Sends the outbox's notices that have fallen due and records what became of each on the incident's timeline.
///
/// The notices were written in the forward's own transaction, so nothing here is remembered in memory: a restart
/// finds every waiting notice in the table. A notice is claimed before it is handed over, so two servers never
/// send it at once; a server that dies between the hand-over and its record leaves the claim to lapse and the
/// notice is sent again, as attempt 2 on the timeline, with the same reference for the provider.
struct NoticeService: Sendable {
    let store: SQLStore
    let carriers: NoticeCarriers
    let keyring: NoticeKeyring
    let now: @Sendable () -> Date
    /// The server's public address, for e-mail acknowledgement links.
    let publicURL: String?
    let logger: Logger

    /// How many notices one round hands over (at once); the rest wait for the next round.
    static let batch = 50
    /// How long a claimed notice is this server's before another may send it.
    static let claim: TimeInterval = 60
    static let actor = Actor.system("notice")

    /// Hands over every notice due now, at once; returns how many were handled.
    func sendDue() async throws -> Int {
        let at = now().truncatedToMilliseconds
        let due = try await store.read { try await $0.dueNotices(now: at, limit: Self.batch) }
        guard !due.isEmpty else { return 0 }
        let token = try await keyring.token(from: store)
        await withTaskGroup(of: Void.self) { group in
            for notice in due {
                group.addTask {
                    do {
                        try await handle(notice, token: token, at: at)
                    } catch {
                        logger.error("notice not handled", metadata: ["notice": "\(notice.id)", "error": "\(error)"])
                    }
                }
            }
        }
        return due.count
    }

    private func handle(_ notice: Notice, token: NoticeToken, at: Date) async throws {
        let claimed = try await store.perform(
            UnitOfWork(at: at) {
                try await $0.claimNotice(notice.id, now: at, until: at.addingTimeInterval(Self.claim))
            })
        guard claimed else { return }
        guard notice.channel.isSent else {
            try await settle(notice.id) { notice in
                notice.state = .raised
                return NoticePlan.report(notice, .phoneTask)
            }
            return
        }
        let outcome: Result<NoticeReceipt, NoticeCarrierError>
        if let carrier = carriers[notice.channel] {
            let outgoing = try await compose(notice, token: token)
            do throws(NoticeCarrierError) {
                outcome = .success(try await carrier.send(outgoing))
            } catch {
                outcome = .failure(error)
            }
        } else {
            outcome = .failure(.refused(NoticePlan.channelOff))
        }
        try await settle(notice.id) { notice in Self.apply(outcome, to: &notice, at: now().truncatedToMilliseconds) }
    }

    /// What a hand-over's outcome makes of the notice, and the timeline's step for it.
    static func apply(_ outcome: Result<NoticeReceipt, NoticeCarrierError>, to notice: inout Notice, at: Date)
        -> IncidentEvent
    {
        notice.attempts += 1
        switch outcome {
        case .success(let receipt):
            notice.state = .sent
            notice.providerReference = receipt.providerReference
            notice.lastError = nil
            Counter(label: "siaga_notices_sent_total", dimensions: [("channel", notice.channel.rawValue)]).increment()
            return NoticePlan.report(notice, .sent, attempt: notice.attempts)
        case .failure(let error):
            Counter(label: "siaga_notices_failed_total", dimensions: [("channel", notice.channel.rawValue)])
                .increment()
            let (reason, retry): (String, Date?) =
                switch error {
                case .unavailable(let reason): (reason, NoticeRetry.next(after: notice.attempts, failedAt: at))
                case .refused(let reason): (reason, nil)
                }
            notice.lastError = reason
            if let retry {
                notice.dueAt = retry
                return NoticePlan.report(notice, .failed, attempt: notice.attempts, detail: reason)
            }
            notice.state = .undelivered
            return NoticePlan.report(notice, .undelivered, attempt: notice.attempts, detail: reason)
        }
    }

    /// Applies `change` to the notice as stored and records its step on the incident's timeline, in one
    /// transaction.
    private func settle(_ id: NoticeID, _ change: @escaping @Sendable (inout Notice) -> IncidentEvent) async throws {
        let at = now().truncatedToMilliseconds
        try await store.perform(
            UnitOfWork(priority: .urgent, at: at) { transaction in
                guard var notice = try await transaction.reader.notice(id),
                    let incident = try await transaction.reader.incident(notice.incidentID)
                else { return }
                let wasStopped = notice.state == .stopped
                let event = change(&notice)
                // Stopped while it was being sent: it went out all the same, and says so, but stays stopped.
                if wasStopped, notice.state != .undelivered { notice.state = .stopped }
                try await transaction.updateNotice(notice)
                _ = try await transaction.appendIncident(
                    [event], to: incident, metadata: EventMetadata(at: at, actor: Self.actor))
            })
    }

    private func compose(_ notice: Notice, token: NoticeToken) async throws -> OutgoingNotice {
        try await store.read { reader in
            guard let incident = try await reader.incident(notice.incidentID) else {
                throw StoreError.incidentNotFound(notice.incidentID)
            }
            let category = try await incident.classification.asyncFlatMap {
                try await reader.categories(of: incident.regionCode)?.category($0.category)
            }
            return NoticeMessage.compose(
                notice, incident: incident, agency: try await reader.agency(notice.agencyID), category: category,
                token: token.token(for: notice), publicURL: publicURL)
        }
    }
}

/// The carriers this server has, by channel.
struct NoticeCarriers: Sendable {
    private var carriers: [NoticeChannel: any NoticeCarrier] = [:]

    init(_ carriers: [any NoticeCarrier] = []) {
        for carrier in carriers { self.carriers[carrier.channel] = carrier }
    }

    subscript(channel: NoticeChannel) -> (any NoticeCarrier)? { carriers[channel] }
    var channels: [NoticeChannel] { carriers.keys.sorted { $0.rawValue < $1.rawValue } }
}

/// The acknowledgement key, read from the store once (made there by whichever server needs it first).
actor NoticeKeyring {
    private var cached: NoticeToken?

    func token(from store: SQLStore) async throws -> NoticeToken {
        if let cached { return cached }
        let secret = try await store.perform(
            UnitOfWork(at: Date()) { try await $0.noticeSecret(making: Secrets.random()) })
        let token = NoticeToken(secret: secret)
        cached = token
        return token
    }
}

extension Optional {
    fileprivate func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
