import Foundation
import SiagaCore
import SiagaStore

/// One region's 112 center over many days, played in time order in memory and written in bulk: each simulated
/// day is one write transaction. Every record is decided by the core's lifecycles and written through the same
/// store operations as the API, so timelines, projections and response intervals are what the services write.
///
/// What it leaves out: the units' own status streams (units are chosen among those free in memory, and their
/// stored status is left as it is) and sessions, audit entries and AML messages.
final class SimulatedRegion {
    /// Something that happens at a scheduled time.
    enum Action {
        case call(DemoCallKind)
        case openIncident(CallID, DemoScenario)
        case endCall(CallID)
        case attemptCallback(CallID)
        case forward(IncidentID, summary: String)
        case acknowledge(IncidentID, AgencyID)
        case sendUnit(IncidentID, AgencyID, summary: String)
        case unitStep(IncidentID, AgencyID, DispatchCommand)
        case complete(IncidentID, AgencyID, summary: String)
        case close(IncidentID)
        /// The SLA engine's round for one incident: records the warnings and breaches due.
        case watch(IncidentID)
    }

    let data: DemoRegionData
    let region: Region
    let rules: IncidentRules
    let matrix: MatrixVersion?
    let policy: ResponsePolicyVersion
    let ids: IDGenerator
    let end: Date
    var random: DemoRandom
    var agenda = SimulationAgenda<Action>()
    var summary = TrafficSimulation.Summary()
    /// Calls and incidents with something still scheduled; closed ones leave.
    var calls: [CallID: Call] = [:]
    var incidents: [IncidentID: Incident] = [:]
    /// When each incident's next SLA round is scheduled, so each due moment is watched once.
    var watches: [IncidentID: Date] = [:]
    /// Incidents another caller may report again: open and under two hours old.
    var recent: [IncidentID] = []
    var busyUnits: Set<UnitID> = []
    var unitsByAgency: [AgencyID: [UnitID]]
    let prankers: [String]
    /// The region's local calendar, for its hours, weekdays and months.
    let calendar: Calendar

    init(
        data: DemoRegionData, region: Region, rules: IncidentRules, matrix: MatrixVersion?,
        policy: ResponsePolicyVersion, ids: IDGenerator, end: Date, random: DemoRandom
    ) {
        self.data = data
        self.region = region
        self.rules = rules
        self.matrix = matrix
        self.policy = policy
        self.ids = ids
        self.end = end
        var random = random
        // Repeat prank callers: a handful of numbers that make a share of the pranks, as in real traffic.
        prankers = (0..<40).map { _ in random.mobileNumber() }
        self.random = random
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = region.timeZone.timeZone
        self.calendar = calendar
        unitsByAgency = Dictionary(grouping: rules.units.values.sorted { $0.id.rawValue < $1.id.rawValue }) {
            $0.agencyID
        }.mapValues { $0.map(\.id) }
    }

    /// Schedules the calls of the local day starting at `midnight`, from `start` on.
    func scheduleCalls(ofDayStarting midnight: Date, average: Int, from start: Date) {
        let local = calendar.dateComponents([.month, .weekday], from: midnight)
        let factor =
            SimulatedTraffic.monthFactors[(local.month ?? 1) - 1]
            * SimulatedTraffic.weekdayFactors[(local.weekday ?? 1) - 1]
        let count = Int((Double(average) * factor * Double.random(in: 0.9...1.1, using: &random)).rounded())
        for _ in 0..<count {
            let hour = random.weighted(SimulatedTraffic.hours)
            let time = midnight.addingTimeInterval(Double(hour * 3600) + Double.random(in: 0..<3600, using: &random))
            guard time >= start else { continue }
            schedule(.call(random.weighted(SimulatedTraffic.callKinds)), at: time)
        }
    }

    func schedule(_ action: Action, at time: Date) {
        guard time <= end else { return }
        agenda.schedule(action, at: time.truncatedToMilliseconds)
    }

    /// Plays every action due before `limit` inside `transaction`.
    func play(until limit: Date, in transaction: WriteTransaction) async throws {
        while let (time, action) = agenda.popFirst(before: limit) {
            try await perform(action, at: time, transaction)
        }
    }

    private func perform(_ action: Action, at time: Date, _ transaction: WriteTransaction) async throws {
        switch action {
        case .call(let kind):
            try await call(kind, at: time, transaction)
        case .openIncident(let callID, let scenario):
            try await openIncident(from: callID, scenario, at: time, transaction)
        case .endCall(let id):
            try await updateCall(id, [.end(dropped: false)], at: time, transaction)
            calls[id] = nil
        case .attemptCallback(let id):
            let outcome: CallbackTask.Outcome = random.weighted([(.reached, 2), (.noAnswer, 2), (.unreachable, 1)])
            try await updateCall(id, [.attemptCallback(outcome, note: nil)], at: time, transaction)
            calls[id] = nil
        case .forward(let id, let summary):
            try await forward(id, summary: summary, at: time, transaction)
        case .acknowledge(let id, let agency):
            guard let dispatch = incidents[id]?.currentDispatch(of: agency) else { return }
            let onConsole = dispatch.channel == .console
            try await command(
                .updateDispatch(agency, .acknowledge(acknowledgedBy: onConsole ? nil : "Petugas piket", channel: nil)),
                id, at: time, by: onConsole ? agencyOperator(agency) : operatorOnShift(at: time), transaction)
        case .sendUnit(let id, let agency, let summary):
            try await sendUnit(id, agency, summary: summary, at: time, transaction)
        case .unitStep(let id, let agency, let step):
            try await command(.updateDispatch(agency, step), id, at: time, by: agencyOperator(agency), transaction)
        case .complete(let id, let agency, let summary):
            try await complete(id, agency, summary: summary, at: time, transaction)
        case .close(let id):
            try await command(
                .close(note: "Diverifikasi kepala regu."), id, at: time,
                by: .petugas(PetugasID("supervisor.\(data.code.compact)")), transaction)
            incidents[id] = nil
            watches[id] = nil
        case .watch(let id):
            try await watch(id, at: time, transaction)
        }
    }
}
