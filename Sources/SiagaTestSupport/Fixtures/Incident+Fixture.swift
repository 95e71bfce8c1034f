public import Foundation
public import SiagaCore

extension Incident {
    /// The states a fixture incident can start from, each reached through the lifecycle (see
    /// ``IncidentScenario/fixture(_:id:in:location:callID:at:)`` for the story of each).
    public enum FixtureState: String, Sendable, CaseIterable {
        /// Opened from call `call-1`, not yet classified: priority P2 (unclassified), no agency.
        case logged
        /// Logged and classified as a house fire (`kebakaran/rumah`, P1). Still `logged`: no agency has it.
        case classified
        /// Classified, then forwarded to Damkar Sidoarjo.
        case dispatched
        /// Dispatched; Damkar acknowledged and completed, which resolved the incident: the fire is out.
        case resolved
        /// Resolved, then verified and closed by the supervisor.
        case closed
        /// Classified, then cancelled as a false report before any agency had it.
        case cancelled
    }

    /// An incident in `state`, built only by running the lifecycle. Traps if the lifecycle rejects the story,
    /// which means the fixture (or the lifecycle) is broken.
    public static func fixture(
        _ state: FixtureState = .logged,
        id: IncidentID = IncidentID("incident-1"),
        in region: Region = .sidoarjo,
        location: Location? = .pepelegi,
        callID: CallID? = CallID("call-1"),
        at start: Date = .t0
    ) -> Incident {
        IncidentScenario.fixture(state, id: id, in: region, location: location, callID: callID, at: start).incident
    }
}

extension IncidentScenario {
    /// The scenario behind ``Incident/fixture(_:id:in:location:callID:at:)``: a house fire in Desa Pepelegi,
    /// Waru, reported at `start` and taken to `state`.
    public static func fixture(
        _ state: Incident.FixtureState = .logged,
        id: IncidentID = IncidentID("incident-1"),
        in region: Region = .sidoarjo,
        location: Location? = .pepelegi,
        callID: CallID? = CallID("call-1"),
        at start: Date = .t0
    ) -> IncidentScenario {
        let report = CreateIncident(
            regionCode: region.code,
            location: location,
            description: "Asap tebal dari rumah warga, penghuni belum keluar",
            callerNumber: .demoCaller,
            callerName: "Siti",
            callID: callID
        )
        do {
            var scenario = try IncidentScenario(report, id: id, at: start)
            for (command, actor, after) in state.steps {
                try scenario.run(command, by: actor, after: after)
            }
            return scenario
        } catch {
            preconditionFailure("the lifecycle rejected the \(state) fixture: \(error)")
        }
    }
}

extension Incident.FixtureState {
    /// The commands after creation that tell this state's story: what, by whom, how many seconds after the last.
    fileprivate var steps: [(IncidentCommand, Actor, TimeInterval)] {
        switch self {
        case .logged:
            []
        case .classified:
            [(.classify(Classification(category: "kebakaran", subcategory: "rumah"), priority: nil), .callTaker, 60)]
        case .dispatched:
            Self.classified.steps + [(.dispatch(.damkar, note: "Pos Damkar Waru"), .callTaker, 30)]
        case .resolved:
            Self.dispatched.steps + [
                (.updateDispatch(.damkar, .acknowledge(acknowledgedBy: nil, channel: nil)), .damkarOperator, 40),
                (
                    .updateDispatch(.damkar, .complete(DispatchOutcome(summary: "Api padam, tidak ada korban jiwa"))),
                    .damkarOperator, 45 * 60
                ),
            ]
        case .closed:
            Self.resolved.steps + [(.close(note: "Diverifikasi dengan Damkar"), .supervisor, 15 * 60)]
        case .cancelled:
            Self.classified.steps + [(.cancel(reason: "Laporan palsu: tidak ada kebakaran"), .callTaker, 5 * 60)]
        }
    }
}

extension Location {
    /// A caller-described location in Desa Pepelegi, Kecamatan Waru, Sidoarjo (35.15.18.2001).
    public static let pepelegi = Location(
        coordinate: Coordinate(latitude: -7.3545, longitude: 112.7340),
        address: "Jl. Raya Pepelegi No. 12, Waru",
        kecamatanCode: RegionCode("35.15.18"),
        desaCode: RegionCode("35.15.18.2001"),
        source: .caller
    )
}
