import Foundation
import SiagaCore
import SiagaStore

/// Writes to units: the positions field teams report. A team's buttons are steps of its agency's dispatch and go
/// through ``IncidentService``.
struct UnitService: Sendable {
    let dependencies: Dependencies

    /// Records `position` for the unit, if the policy lets the principal report for it; a position older than the
    /// last one is ignored, and one sent too soon after it refused.
    func report(_ position: UnitPosition, for id: UnitID, as acting: Acting) -> UnitOfWork<ResponseUnit> {
        let metadata = dependencies.metadata(acting.actor)
        return UnitOfWork(at: metadata.at) { transaction in
            guard var unit = try await transaction.reader.unit(id),
                let agency = try await transaction.reader.agency(unit.agencyID)
            else { throw UnitNotFound(id: id) }
            try acting.authorize(.unitReport, .unit(agency.regionCode, agency: agency.id, unit: unit.id))
            switch unit.decide(position) {
            case .accepted:
                unit.lastPosition = position
                try await transaction.upsertUnit(unit)
                try await transaction.appendUnitEvents(
                    [.positionReported(position)], unit: unit.id, region: agency.regionCode, metadata: metadata)
            case .stale:
                break
            case .tooSoon(let wait):
                throw PositionTooSoon(retryAfter: wait)
            }
            return unit
        }
    }
}
