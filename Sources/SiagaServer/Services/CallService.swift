import Foundation
import SiagaCore
import SiagaStore

/// Records calls and what happens to them, each request in one transaction.
struct CallService: Sendable {
    /// How far back the caller history looks.
    static let historyWindowDays = 30

    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }

    /// Records a new call and what followed in the same request; refused at once when the principal may not
    /// record calls in its region.
    func receive(_ request: CreateCallRequest.Validated, as acting: Acting) throws -> UnitOfWork<ReceivedCall> {
        try acting.authorize(.callWrite, .region(request.receive.regionCode))
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: Self.priority(of: request.followUps), at: metadata.at) { transaction in
            guard let region = try await transaction.reader.region(request.receive.regionCode) else {
                throw ValidationError([FieldError("regionCode", .unknownValue(allowed: []))])
            }
            let id: CallID = dependencies.ids.next()
            let received = CallLifecycle.receive(request.receive, id: id, now: metadata.at)
            guard case .received(let start) = received[0] else { preconditionFailure("receive starts with received") }
            let (call, events) = try Self.apply(request.followUps, to: Call(received: start), metadata)
            // The incident side first: it checks the incident exists in this region before the call row names it.
            try await CallIncidentLink.linkIncident(of: call, in: transaction, metadata)
            let created = try await transaction.createCall(received + events, metadata: metadata)
            try await AMLService.attachHeld(to: created, metadata, in: transaction)
            // The caller's past calls are for those who read calls, not for a PBX that only records them.
            let number = acting.holds(.callRead) ? call.callerNumber : nil
            let history = try await number.asyncMap { number in
                try await transaction.reader.callerHistory(
                    number, in: region.code, excluding: id,
                    since: metadata.at.addingTimeInterval(-Double(Self.historyWindowDays) * 86400),
                    policy: region.policy, now: metadata.at)
            }
            return ReceivedCall(call: try await transaction.reader.call(id) ?? created, callerHistory: history)
        }
    }

    /// What the call's number did before it, within the history window; nil for a call without a number.
    func callerHistory(of call: Call) async throws -> CallerHistory? {
        guard let number = call.callerNumber else { return nil }
        let now = dependencies.now()
        return try await store.read { reader in
            guard let region = try await reader.region(call.regionCode) else { return nil }
            return try await reader.callerHistory(
                number, in: region.code, excluding: call.id,
                since: now.addingTimeInterval(-Double(Self.historyWindowDays) * 86400), policy: region.policy,
                now: now)
        }
    }

    /// Applies `commands` in order to the call as the transaction sees it.
    func update(_ id: CallID, expectedVersion: Int?, commands: [CallCommand], as acting: Acting) -> UnitOfWork<Call> {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(priority: Self.priority(of: commands), at: metadata.at) { transaction in
            guard let call = try await transaction.reader.call(id) else { throw StoreError.callNotFound(id) }
            try acting.authorize(.callWrite, .region(call.regionCode))
            if let expectedVersion, expectedVersion != call.version { throw CallVersionConflict(current: call) }
            let (updated, events) = try Self.apply(commands, to: call, metadata)
            try await CallIncidentLink.linkIncident(of: updated, in: transaction, metadata)
            _ = try await transaction.appendCall(events, to: call, metadata: metadata)
            return updated
        }
    }

    /// Decides and folds `commands` in order, so each sees the state the previous one left.
    /// Routine when the call writer already knows the call is not an emergency (a prank, a silent call, a question
    /// closed in the same request); urgent otherwise, since a call not yet classified may be a real emergency.
    static func priority(of commands: [CallCommand]) -> WritePriority {
        let dispositions = commands.compactMap { command -> CallDisposition? in
            if case .dispose(let disposition, _, _) = command { return disposition }
            return nil
        }
        return !dispositions.isEmpty && !dispositions.contains(.emergency) ? .routine : .urgent
    }

    static func apply(_ commands: [CallCommand], to call: Call, _ metadata: EventMetadata) throws -> (Call, [CallEvent])
    {
        var call = call
        var all: [CallEvent] = []
        for command in commands {
            let events = try CallLifecycle.decide(command, on: call, now: metadata.at)
            for event in events { call.evolve(event, metadata) }
            all += events
        }
        return (call, all)
    }
}

/// A call as recorded, with the caller's recent history when the principal reads calls and the number is known.
struct ReceivedCall: Sendable {
    var call: Call
    var callerHistory: CallerHistory?
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
