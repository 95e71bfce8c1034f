public import Foundation

/// What a write's incident events mean for the outbox: the notices a forward calls for, and the agencies whose
/// waiting notices are no longer needed. Pure: the store applies it in the same transaction as the events.
public enum NoticePlan {
    /// How long a notice's acknowledgement may be used after the forward.
    public static let acknowledgementLifetime: TimeInterval = 12 * 60 * 60

    /// The notices owed for `events` (a forward or a re-route, to an agency with a ladder), due from `at`.
    public static func notices(
        for events: [IncidentEvent], of incident: Incident, at: Date, ladders: [AgencyID: NoticeLadder],
        newID: () -> NoticeID, replyCode: () -> String
    ) -> [Notice] {
        var notices: [Notice] = []
        for event in events {
            let agency: AgencyID
            switch event {
            case .dispatched(let dispatched): agency = dispatched.agencyID
            case .dispatchRerouted(let rerouted): agency = rerouted.to
            default: continue
            }
            guard let ladder = ladders[agency] else { continue }
            let code = replyCode()
            for (index, rung, dueAt) in ladder.schedule(from: at) {
                notices.append(
                    Notice(
                        id: newID(), incidentID: incident.id, regionCode: incident.regionCode, agencyID: agency,
                        rung: index, channel: rung.channel, recipient: rung.recipient, label: rung.label,
                        dueAt: dueAt, replyCode: code, expiresAt: at.addingTimeInterval(acknowledgementLifetime)))
            }
        }
        return notices
    }

    /// The agencies whose open notices stop: one that acknowledged, declined, was cancelled or re-routed away;
    /// every agency when the incident is resolved, closed or cancelled.
    public static func stopped(by events: [IncidentEvent], of incident: Incident) -> Set<AgencyID> {
        var agencies: Set<AgencyID> = []
        for event in events {
            switch event {
            case .dispatchAcknowledged(let ack): agencies.insert(ack.agencyID)
            case .dispatchDeclined(let ended), .dispatchCancelled(let ended): agencies.insert(ended.agencyID)
            case .dispatchRerouted(let rerouted): agencies.insert(rerouted.from)
            case .unitAssigned(let assigned): agencies.insert(assigned.agencyID)
            case .dispatchEnRoute(let step), .dispatchOnScene(let step): agencies.insert(step.agencyID)
            case .dispatchCompleted(let completed): agencies.insert(completed.agencyID)
            case .resolved, .closed, .cancelled: agencies.formUnion(incident.dispatches.map(\.agencyID))
            default: continue
            }
        }
        return agencies
    }

    /// The timeline event for a step of `notice`.
    public static func report(
        _ notice: Notice, _ step: NoticeStep, attempt: Int? = nil, detail: String? = nil
    ) -> IncidentEvent {
        let rung = notice.ladderRung
        // A phone task carries its number whole beside; its label is enough to say whose it is.
        let shown =
            step == .phoneTask && rung.label != nil
            ? rung.label! : [rung.label, rung.maskedRecipient].compactMap { $0 }.joined(separator: " ")
        return .noticeReported(
            IncidentEvent.NoticeReport(
                agencyID: notice.agencyID, channel: notice.channel, rung: notice.rung, recipient: shown, step: step,
                attempt: attempt, detail: detail.map { String($0.prefix(300)) },
                phone: step == .phoneTask ? notice.recipient : nil))
    }

    /// The failure detail of a rung whose channel is not switched on on the server (the console words it).
    public static let channelOff = "channelOff"

    /// Reads `TERIMA 4821` (or `terima4821`, `OK 4821`, `4821`) from a reply; nil when it carries no code.
    public static func replyCode(in text: String) -> String? {
        let words = text.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let digits = words.compactMap { word -> String? in
            let code = word.drop(while: \.isLetter)
            return code.count == 4 && code.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(code) : nil
        }
        return digits.first
    }
}
