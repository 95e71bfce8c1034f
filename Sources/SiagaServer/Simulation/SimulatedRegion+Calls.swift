import Foundation
import SiagaCore
import SiagaStore

extension SimulatedRegion {
    func call(_ kind: DemoCallKind, at time: Date, _ transaction: WriteTransaction) async throws {
        let actor = operatorOnShift(at: time)
        switch kind {
        case .nonEmergency(let disposition):
            let number =
                disposition == .prank && Double.random(in: 0..<1, using: &random) < 0.3
                ? prankers.randomElement(using: &random)! : random.mobileNumber()
            try await receive(
                number, [.answer, .dispose(disposition, incidentID: nil, note: nil), .end(dropped: false)],
                at: time, by: actor, transaction)
        case .abandoned:
            let call = try await receive(
                random.mobileNumber(), [.end(dropped: false)], at: time, by: actor, transaction)
            if Bool.random(using: &random) {
                calls[call.id] = call
                schedule(
                    .attemptCallback(call.id), at: time.addingTimeInterval(Double.random(in: 60...300, using: &random)))
            }
        case .emergency:
            let call = try await receive(random.mobileNumber(), [.answer], at: time, by: actor, transaction)
            calls[call.id] = call
            let month = calendar.component(.month, from: time)
            let scenario = random.weighted(SimulatedTraffic.scenarioWeights(month: month))
            schedule(
                .openIncident(call.id, scenario),
                at: time.addingTimeInterval(random.delay(usually: 15...40, sometimes: 40...120, share: 0.1)))
        case .duplicate:
            try await reportAgain(at: time, by: actor, transaction)
        }
    }

    /// Another caller reporting an incident already open; without one, the call was silent.
    private func reportAgain(at time: Date, by actor: Actor, _ transaction: WriteTransaction) async throws {
        recent.removeAll {
            incidents[$0].map { !$0.status.isOpen || time.timeIntervalSince($0.createdAt) > 7200 } ?? true
        }
        let candidates = recent.compactMap { incidents[$0] }.map {
            ($0, SimulatedTraffic.visibility(of: $0.classification?.category))
        }
        guard !candidates.isEmpty else {
            try await receive(
                random.mobileNumber(), [.answer, .dispose(.silent, incidentID: nil, note: nil), .end(dropped: false)],
                at: time, by: actor, transaction)
            return
        }
        let incident = random.weighted(candidates)
        let call = try await receive(
            random.mobileNumber(),
            [
                .answer, .dispose(.duplicate, incidentID: incident.id, note: "Melaporkan kejadian yang sama."),
                .end(dropped: false),
            ],
            at: time, by: actor, transaction)
        let events = try IncidentLifecycle.decide(
            .linkCall(call.id, callerNumber: call.callerNumber, answeredAt: call.answeredAt), on: incident, rules: rules
        )
        try await append(events, to: incident, at: time, by: actor, transaction)
    }

    /// A call that rang a few seconds before `time`, when the call taker answered it (or it ended unanswered).
    @discardableResult
    private func receive(
        _ number: String, _ followUps: [CallCommand], at time: Date, by actor: Actor, _ transaction: WriteTransaction
    ) async throws -> Call {
        // Most are answered within seconds; at busy moments a few wait longer.
        let wait = Double.random(in: 0..<1, using: &random) < 0.05 ? 15...60.0 : 3...15.0
        let ring = time.addingTimeInterval(-Double.random(in: wait, using: &random)).truncatedToMilliseconds
        let metadata = EventMetadata(at: time, actor: actor)
        let received = CallLifecycle.receive(
            ReceiveCall(regionCode: region.code, channel: .voice112, callerNumber: PhoneNumber(number), ringAt: ring),
            id: ids.next(), now: time)
        guard case .received(let start) = received[0] else { preconditionFailure("receive starts with received") }
        let (_, events) = try CallService.apply(followUps, to: Call(received: start), metadata)
        summary.calls += 1
        summary.events += received.count + events.count
        return try await transaction.createCall(received + events, metadata: metadata)
    }

    func updateCall(_ id: CallID, _ commands: [CallCommand], at time: Date, _ transaction: WriteTransaction)
        async throws
    {
        guard let call = calls[id] else { return }
        let metadata = EventMetadata(at: time, actor: call.callTaker ?? operatorOnShift(at: time))
        let (_, events) = try CallService.apply(commands, to: call, metadata)
        calls[id] = try await transaction.appendCall(events, to: call, metadata: metadata)
        summary.events += events.count
    }

    /// One of the call takers on duty, by the region's local hour.
    func operatorOnShift(at time: Date) -> Actor {
        .petugas(data.callTaker(atHour: calendar.component(.hour, from: time), using: &random))
    }

    /// The operator on duty at an agency's console.
    func agencyOperator(_ agency: AgencyID) -> Actor { .petugas(PetugasID("operator.\(agency)")) }
}
