public import SiagaCore
import SiagaStore

/// One change to a region's units or posts, as the command line asks for it.
public enum FleetChange: Sendable {
    case addUnit(agency: String, code: String, callsign: String, kind: String, homePost: String?)
    case changeUnit(UnitID, callsign: String?, kind: String?, homePost: String?, outOfService: Bool?)
    case retireUnit(UnitID, reason: String)
    case addPost(agency: String, code: String, name: String, latitude: Double, longitude: Double)
    case changePost(PoskoID, name: String?, latitude: Double?, longitude: Double?)
    case retirePost(PoskoID, reason: String)
}

/// The command line's way to the same work the API does, checked and audited the same way.
public struct FleetAdministration: Sendable {
    let fleet: FleetService

    public init(dependencies: Dependencies) { fleet = FleetService(dependencies: dependencies) }

    /// Makes `change` as `actor`; returns the unit or post as it now is, in one line.
    public func perform(_ change: FleetChange, as actor: Actor) async throws -> String {
        let acting = Acting.trusted(actor)
        let store = fleet.dependencies.store
        switch change {
        case .addUnit(let agency, let code, let callsign, let kind, let homePost):
            return Self.line(
                try await store.perform(
                    fleet.createUnit(
                        CreateUnitRequest(
                            agencyId: agency, code: code, callsign: callsign, kind: kind, homePost: homePost),
                        as: acting, address: nil)))
        case .changeUnit(let id, let callsign, let kind, let homePost, let outOfService):
            return Self.line(
                try await store.perform(
                    fleet.updateUnit(
                        id,
                        UpdateUnitRequest(
                            callsign: callsign, kind: kind, homePost: homePost, outOfService: outOfService),
                        as: acting, address: nil)))
        case .retireUnit(let id, let reason):
            let reason = try RetireRequest(reason: reason).validated()
            return Self.line(try await store.perform(fleet.retireUnit(id, reason: reason, as: acting, address: nil)))
        case .addPost(let agency, let code, let name, let latitude, let longitude):
            return Self.line(
                try await store.perform(
                    fleet.createPosko(
                        CreatePoskoRequest(
                            agencyId: agency, code: code, name: name, latitude: latitude, longitude: longitude),
                        as: acting, address: nil)))
        case .changePost(let id, let name, let latitude, let longitude):
            return Self.line(
                try await store.perform(
                    fleet.updatePosko(
                        id, UpdatePoskoRequest(name: name, latitude: latitude, longitude: longitude), as: acting,
                        address: nil)))
        case .retirePost(let id, let reason):
            let reason = try RetireRequest(reason: reason).validated()
            return Self.line(try await store.perform(fleet.retirePosko(id, reason: reason, as: acting, address: nil)))
        }
    }

    static func line(_ unit: ResponseUnit) -> String {
        let state = unit.retiredAt == nil ? unit.status.rawValue : "retired"
        return "\(unit.id) \(unit.callsign) (\(unit.kind), \(state))" + (unit.homePost.map { " @ \($0)" } ?? "")
    }

    static func line(_ posko: Posko) -> String {
        let state = posko.retiredAt == nil ? "" : " (retired)"
        return "\(posko.id) \(posko.name) \(posko.coordinate.latitude),\(posko.coordinate.longitude)\(state)"
    }
}
