import Foundation
import SiagaCore
import SiagaStore

/// One region's day of 112 traffic, played in time order: calls arrive, and what follows them (dispatches,
/// resolutions, call backs) is scheduled on an agenda, so every record is written at the time it happened.
struct DemoDay {
    /// Something that happens at a scheduled time.
    enum Action {
        case call(DemoCallKind)
        case endCall(CallID)
        case attemptCallback(CallID)
        case forward(IncidentID, summary: String)
        case acknowledge(IncidentID, agency: AgencyID)
        case sendUnit(IncidentID, agency: AgencyID, summary: String)
        case unitStep(IncidentID, agency: AgencyID, DispatchCommand)
        case complete(IncidentID, agency: AgencyID, summary: String)
        case close(IncidentID)
    }

    let data: DemoRegionData
    let dependencies: Dependencies
    let clock: DemoClock
    let end: Date
    var random: DemoRandom
    private(set) var callCount = 0
    private(set) var incidentCount = 0
    /// Pending actions, latest first, so the next one is `popLast()`.
    private var agenda: [(at: Date, actor: Actor, action: Action)] = []
    private var recentIncidents: [IncidentID] = []
    private var prankers: [String] = []
    private var scenarioIndex = 0

    init(data: DemoRegionData, dependencies: Dependencies, clock: DemoClock, end: Date, random: DemoRandom) {
        self.data = data
        self.dependencies = dependencies
        self.clock = clock
        self.end = end
        self.random = random
    }

    private var calls: CallService { CallService(dependencies: dependencies) }
    private var incidents: IncidentService { IncidentService(dependencies: dependencies) }

    /// Plays `count` calls a day over the `days` before `end`, more by day and evening than at night.
    mutating func run(calls count: Int, days: Int = 1) async throws {
        let start = end.addingTimeInterval(-86_400 * Double(days))
        // Repeat prank callers: a handful of numbers that account for a share of the pranks, as in real traffic.
        prankers = (0..<3).map { _ in random.mobileNumber() }
        let hours = (0..<24).map { ($0, Self.hourlyWeights[$0]) }
        // Local midnights, so the busy hours fall where they do in the region's own day.
        let offset = Double(timeZone.utcOffsetHours * 3600)
        let firstMidnight = ((start.timeIntervalSince1970 + offset) / 86_400).rounded(.down) * 86_400 - offset
        for day in 0...days {
            let midnight = Date(timeIntervalSince1970: firstMidnight + 86_400 * Double(day))
            for _ in 0..<count {
                let within = Double(random.weighted(hours) * 3600) + Double.random(in: 0..<3600, using: &random)
                let time = midnight.addingTimeInterval(within)
                guard time >= start, time <= end.addingTimeInterval(-600) else { continue }
                schedule(
                    .call(random.weighted(DemoCallKind.weights)), at: time, by: .petugas(operatorOnShift(at: time)))
            }
        }
        while let (time, actor, action) = agenda.popLast() {
            clock.set(time)
            try await perform(action, actor)
        }
    }

    private mutating func schedule(_ action: Action, at time: Date, by actor: Actor) {
        guard time <= end else { return }
        let index = agenda.firstIndex { $0.at < time } ?? agenda.endIndex
        agenda.insert((time, actor, action), at: index)
    }

    private mutating func perform(_ action: Action, _ actor: Actor) async throws {
        let now = clock.now
        switch action {
        case .call(let kind):
            try await call(kind, actor)
        case .endCall(let id):
            try await dependencies.store.perform(
                calls.update(id, expectedVersion: nil, commands: [.end(dropped: false)], as: .trusted(actor)))
        case .attemptCallback(let id):
            let outcome: CallbackTask.Outcome = random.weighted([(.reached, 2), (.noAnswer, 2), (.unreachable, 1)])
            try await dependencies.store.perform(
                calls.update(
                    id, expectedVersion: nil, commands: [.attemptCallback(outcome, note: nil)], as: .trusted(actor)))
        case .forward(let id, let summary):
            // As the matrix proposes: the call taker sends with one key.
            let forwarded = try await command(.forward(agencies: [], proposal: nil, reason: nil), id, actor)
            for dispatch in forwarded.activeDispatches {
                let acknowledged = now.addingTimeInterval(Double.random(in: 15...150, using: &random))
                schedule(.acknowledge(id, agency: dispatch.agencyID), at: acknowledged, by: actor)
                schedule(
                    .sendUnit(id, agency: dispatch.agencyID, summary: summary),
                    at: acknowledged.addingTimeInterval(Double.random(in: 40...400, using: &random)), by: actor)
            }
        case .sendUnit(let id, let agency, let summary):
            try await sendUnit(id, agency: agency, summary: summary)
        case .unitStep(let id, let agency, let step):
            try await command(.updateDispatch(agency, step), id, actor)
        case .acknowledge(let id, let agency):
            // Agencies on a console acknowledge there; for the others the call taker records it after the call.
            let onConsole = try await dependencies.store.read {
                try await $0.incident(id)?.currentDispatch(of: agency)?.channel == .console
            }
            try await command(
                .updateDispatch(agency, .acknowledge(acknowledgedBy: onConsole ? nil : "Petugas piket", channel: nil)),
                id,
                onConsole ? agencyOperator(agency) : actor)
        case .complete(let id, let agency, let summary):
            let resolved = try await command(
                .updateDispatch(agency, .complete(DispatchOutcome(summary: summary))), id, agencyOperator(agency))
            if resolved.status == .resolved {
                schedule(
                    .close(id), at: now.addingTimeInterval(Double.random(in: 2 * 3600...4 * 3600, using: &random)),
                    by: .petugas(PetugasID("supervisor.\(data.code.compact)")))
            }
        case .close(let id):
            try await command(.close(note: "Diverifikasi kepala regu."), id, actor)
        }
    }

    private mutating func call(_ kind: DemoCallKind, _ actor: Actor) async throws {
        switch kind {
        case .nonEmergency(let disposition):
            let number =
                disposition == .prank && Bool.random(using: &random)
                ? prankers.randomElement(using: &random)! : random.mobileNumber()
            try await receive(
                number,
                [.answer, .dispose(disposition, incidentID: nil, note: note(for: disposition)), .end(dropped: false)],
                actor)
        case .abandoned:
            let id = try await receive(random.mobileNumber(), [.end(dropped: false)], actor)
            if Bool.random(using: &random) {
                schedule(
                    .attemptCallback(id), at: clock.now.addingTimeInterval(Double.random(in: 60...300, using: &random)),
                    by: actor)
            }
        case .emergency:
            try await emergency(actor)
        case .duplicate:
            if let incident = try await reportedAgain() {
                try await receive(
                    random.mobileNumber(),
                    [
                        .answer, .dispose(.duplicate, incidentID: incident, note: "Melaporkan kejadian yang sama."),
                        .end(dropped: false),
                    ], actor)
            } else {
                try await receive(
                    random.mobileNumber(),
                    [.answer, .dispose(.silent, incidentID: nil, note: nil), .end(dropped: false)], actor)
            }
        }
    }

    @discardableResult
    private mutating func receive(_ number: String, _ followUps: [CallCommand], _ actor: Actor) async throws -> CallID {
        let ring = clock.now.addingTimeInterval(-Double.random(in: 3...15, using: &random)).truncatedToMilliseconds
        let request = CreateCallRequest.Validated(
            receive: ReceiveCall(
                regionCode: data.code, channel: .voice112, callerNumber: PhoneNumber(number), ringAt: ring),
            followUps: followUps)
        let received = try await dependencies.store.perform(try calls.receive(request, as: .trusted(actor)))
        callCount += 1
        return received.call.id
    }

    private mutating func emergency(_ actor: Actor) async throws {
        let scenario = DemoScenario.all[scenarioIndex % DemoScenario.all.count]
        scenarioIndex += 1
        let callID = try await receive(random.mobileNumber(), [.answer], actor)
        clock.advance(by: Double.random(in: 25...70, using: &random))
        let change = try await dependencies.store.perform(
            try incidents.create(
                CreateIncident(
                    regionCode: data.code,
                    classification: Classification(category: scenario.category, subcategory: scenario.subcategory),
                    location: data.randomLocation(using: &random), description: scenario.description, callID: callID),
                as: .trusted(actor)))
        let id = change.after.id
        incidentCount += 1
        recentIncidents.append(id)
        schedule(.endCall(callID), at: clock.now.addingTimeInterval(15), by: actor)
        schedule(
            .forward(id, summary: scenario.resolution),
            at: clock.now.addingTimeInterval(Double.random(in: 8...40, using: &random)), by: actor)
    }

    /// The agency sends its first free unit (en route, on scene, then done); an agency without one free handles
    /// it otherwise and reports it done.
    private mutating func sendUnit(_ id: IncidentID, agency: AgencyID, summary: String) async throws {
        let now = clock.now
        let free = try await dependencies.store.read { try await $0.units(of: data.code) }
            .first { $0.agencyID == agency && $0.status == .available }
        let done = Double.random(in: 1800...7200, using: &random)
        guard let unit = free else {
            schedule(
                .complete(id, agency: agency, summary: summary), at: now.addingTimeInterval(done),
                by: agencyOperator(agency))
            return
        }
        try await command(.updateDispatch(agency, .assignUnit(unit.id)), id, agencyOperator(agency))
        let rolling = now.addingTimeInterval(Double.random(in: 30...150, using: &random))
        let arrived = rolling.addingTimeInterval(Double.random(in: 240...1500, using: &random))
        schedule(.unitStep(id, agency: agency, .markEnRoute(unit.id)), at: rolling, by: agencyOperator(agency))
        schedule(.unitStep(id, agency: agency, .markOnScene(unit.id)), at: arrived, by: agencyOperator(agency))
        schedule(
            .complete(id, agency: agency, summary: summary), at: arrived.addingTimeInterval(done),
            by: agencyOperator(agency))
    }

    /// The share of a day's calls in each local hour: quiet before dawn, busiest from late morning to evening.
    static let hourlyWeights: [Double] = [2, 1, 1, 1, 1, 2, 3, 4, 6, 7, 8, 8, 8, 7, 7, 8, 8, 8, 9, 9, 8, 6, 4, 3]

    /// The most recent incident still being handled, which another caller may be reporting again.
    private func reportedAgain() async throws -> IncidentID? {
        guard let id = recentIncidents.last else { return nil }
        let incident = try await dependencies.store.read { try await $0.incident(id) }
        return incident.flatMap { $0.status.isOpen && clock.now.timeIntervalSince($0.createdAt) < 7200 ? $0.id : nil }
    }

    @discardableResult
    private func command(_ command: IncidentCommand, _ id: IncidentID, _ actor: Actor) async throws -> Incident {
        try await dependencies.store.perform(
            incidents.execute(command, on: id, expectedVersion: nil, as: .trusted(actor))
        ).after
    }

    /// The operator on duty at an agency's console.
    private func agencyOperator(_ agency: AgencyID) -> Actor { .petugas(PetugasID("operator.\(agency)")) }

    private var timeZone: IndonesianTimeZone { IndonesianTimeZone.forProvince(data.code.provinceCode) ?? .wib }

    private mutating func note(for disposition: CallDisposition) -> String? {
        switch disposition {
        case .information:
            [
                "Menanyakan nomor telepon PDAM.", "Menanyakan jadwal SIM keliling.",
                "Menanyakan rumah sakit yang buka.",
                "Melaporkan lampu jalan mati (diteruskan ke dinas terkait).",
            ].randomElement(using: &random)
        case .prank: Bool.random(using: &random) ? "Anak-anak bermain telepon." : nil
        default: nil
        }
    }

    /// One of the call takers on duty, by the region's local hour.
    private mutating func operatorOnShift(at time: Date) -> PetugasID {
        data.callTaker(
            atHour: Calendar.current.dateComponents(in: timeZone.timeZone, from: time).hour ?? 0, using: &random)
    }
}
