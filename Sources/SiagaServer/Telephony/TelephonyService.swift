import Foundation
import Metrics
import SiagaCore
import SiagaStore

/// Takes in what the switch reports: decides which phones ring for a new call, and turns each step into the
/// call's lifecycle, once, however often the switch sends it.
struct TelephonyService: Sendable {
    /// Who records the steps the switch saw on its own (a ringing call, a hang-up): the switch, not a person.
    static let actor = Actor(kind: .integration, id: "switch")

    let dependencies: Dependencies

    /// What became of one step.
    enum Outcome: Hashable, Sendable {
        /// Taken in: the call it belongs to, and whether this step created it.
        case recorded(CallID, created: Bool)
        /// Taken in before (a retry or a replay): nothing changed.
        case repeated
        /// Not taken in, and why.
        case refused(SwitchStepRefusal)
    }

    /// The phones of the region's call takers signed in now, preferring those on the current shift's roster; the
    /// fallback group when nobody is, or when the region is not served here.
    func decide(for event: SwitchEvent, as acting: Acting = .trusted(actor)) async throws -> RingDecision {
        guard let region = event.trunk?.region else { return .fallback(.nobodyOnDuty) }
        try acting.authorize(.callWrite, .region(region))
        let now = dependencies.now()
        let seenSince = now.addingTimeInterval(-dependencies.auth.idleTimeout.timeInterval)
        let store = dependencies.store
        // A caller hears nothing until a phone rings: what does not depend on the shift is read at once, side by
        // side, and only the roster waits for the shift it is of.
        async let served = store.read { try await $0.region(region) }
        async let pattern = store.read { try await $0.shiftPattern(of: region) }
        async let atPhones = store.read { try await $0.callTakersAtPhones(at: now, seenSince: seenSince) }
        guard let timeZone = try await served?.timeZone else { return .fallback(.nobodyOnDuty) }
        let shift = try await pattern.occurrence(at: now, in: timeZone)
        let rostered = Set(try await store.read { try await $0.roster(of: region, day: shift.day) }[shift.code] ?? [])
        let candidates = try await atPhones.filter { $0.jurisdiction.covers(region) }.compactMap { account in
            account.phone.map { RingDecision.Candidate(username: account.username, phone: $0) }
        }
        return RingDecision.decide(signedIn: candidates, rostered: rostered)
    }

    /// Records `event` in one transaction: the call it starts or continues, and the step itself.
    func record(_ event: SwitchEvent, as acting: Acting = .trusted(actor)) -> UnitOfWork<Outcome> {
        // A step reported late (a replay after an outage) keeps its own time; a clock ahead of ours does not.
        let at = min(event.at, dependencies.now()).truncatedToMilliseconds
        return UnitOfWork(priority: .urgent, at: at) { transaction in
            let reader = transaction.reader
            guard try await !reader.switchEventRecorded(source: event.source, sequence: event.sequence) else {
                return .repeated
            }
            let outcome = try await apply(event, at: at, as: acting, in: transaction)
            let word: String =
                switch outcome {
                case .recorded: "recorded"
                case .repeated: "repeated"
                case .refused(let refusal): "refused: \(refusal)"
                }
            try await transaction.recordSwitchEvent(
                source: event.source, sequence: event.sequence, subject: event.callID.rawValue, step: event.stepName,
                at: event.at,
                recordedAt: dependencies.now().truncatedToMilliseconds, outcome: word)
            if case .refused = outcome {
                Counter(label: "siaga_switch_events_refused_total", dimensions: [("step", event.stepName)]).increment()
            }
            return outcome
        }
    }

    /// Keeps a phone's registration as the switch reported it, once.
    func record(_ report: PhoneReport) -> UnitOfWork<Void> {
        let now = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(priority: .routine, at: now) { transaction in
            guard try await !transaction.reader.switchEventRecorded(source: report.source, sequence: report.sequence)
            else { return }
            try await transaction.recordRegistration(report.registration)
            try await transaction.recordSwitchEvent(
                source: report.source, sequence: report.sequence, subject: report.registration.phone.rawValue,
                step: "registration",
                at: report.registration.at, recordedAt: now, outcome: "recorded")
        }
    }

    private func apply(_ event: SwitchEvent, at: Date, as acting: Acting, in transaction: WriteTransaction)
        async throws -> Outcome
    {
        // The switch (or the PBX adapter whose token posted the step) records what it saw on its own.
        let system = EventMetadata(at: at, actor: acting.actor)
        var created = false
        let call: Call
        if let known = try await transaction.reader.switchCall(event.callID),
            let existing = try await transaction.reader.call(known.callID)
        {
            try acting.authorize(.callWrite, .region(known.region))
            call = existing
        } else {
            guard let receive = SwitchCall.receive(event) else { return .refused(.unknownCall) }
            try acting.authorize(.callWrite, .region(receive.regionCode))
            guard try await transaction.reader.region(receive.regionCode) != nil else {
                return .refused(.regionNotServed(receive.regionCode))
            }
            let id: CallID = dependencies.ids.next()
            call = try await transaction.createCall(CallLifecycle.receive(receive, id: id, now: at), metadata: system)
            try await transaction.recordSwitchCall(
                event.callID, call: id, region: receive.regionCode, trunk: receive.trunk ?? "", at: at)
            try await AMLService.attachHeld(to: call, system, in: transaction)
            created = true
        }
        let commands = SwitchCall.commands(for: event.step, on: call)
        if !commands.isEmpty {
            let metadata = EventMetadata(
                at: at, actor: try await actor(of: event, in: transaction.reader) ?? acting.actor)
            let (_, events) = try CallService.apply(commands, to: call, metadata)
            _ = try await transaction.appendCall(events, to: call, metadata: metadata)
        }
        return .recorded(call.id, created: created)
    }

    /// The call taker whose phone answered (the one signed in, when a desk phone is shared); nil for any other
    /// step, or a phone that is nobody's (the fallback group's).
    private func actor(of event: SwitchEvent, in reader: StoreReader) async throws -> Actor? {
        guard case .answered(let phone, _) = event.step else { return nil }
        let people = try await reader.users(withPhone: phone).filter { !$0.account.disabled }
        guard people.count > 1 else { return people.first.map { .petugas(PetugasID($0.account.username)) } }
        let live = try await reader.openSessions(of: nil, at: dependencies.now())
            .filter { session in people.contains { $0.account.username == session.username } }
            .max { $0.lastSeenAt < $1.lastSeenAt }
        return live.map { .petugas(PetugasID($0.username)) }
    }
}

/// Why a step was not taken in.
enum SwitchStepRefusal: Hashable, Sendable, CustomStringConvertible {
    /// A step inside a call Siaga112 never heard of, which does not say where the call came from.
    case unknownCall
    /// A call for a region this deployment does not serve.
    case regionNotServed(RegionCode)

    var description: String {
        switch self {
        case .unknownCall: "unknown call"
        case .regionNotServed(let code): "region \(code) is not served here"
        }
    }
}
