import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore

/// Keeps a region's units and posts after onboarding: add, change, retire, with the onboarding files' checks, each
/// audited. A retired unit or post keeps its history (timelines name its callsign) but is no longer listed, sent
/// or anyone's home.
struct FleetService: Sendable {
    let dependencies: Dependencies

    func createUnit(_ request: CreateUnitRequest, as acting: Acting, address: String?) -> UnitOfWork<ResponseUnit> {
        write(as: acting) { transaction, at in
            let agency = try await Self.agency(request.agencyId, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            guard CSV.isCode(request.code) else { throw ValidationError([FieldError("code", .invalidFormat)]) }
            let id = UnitID("\(agency.id)-\(request.code)")
            guard try await transaction.reader.unit(id) == nil else { throw FleetConflict.exists(id.rawValue) }
            let unit = ResponseUnit(
                id: id, agencyID: agency.id, callsign: request.callsign.trimmingWhitespace,
                kind: request.kind.trimmingWhitespace,
                homePost: try await Self.post(request.homePost, of: agency, in: transaction))
            try ValidationError.check(unit.problems())
            try await transaction.upsertUnit(unit)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .unitCreated, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: ["callsign": unit.callsign, "kind": unit.kind]))
            return unit
        }
    }

    func updateUnit(_ id: UnitID, _ request: UpdateUnitRequest, as acting: Acting, address: String?)
        -> UnitOfWork<ResponseUnit>
    {
        write(as: acting) { transaction, at in
            let (unit, agency) = try await Self.unit(id, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            var updated = unit
            if let callsign = request.callsign { updated.callsign = callsign.trimmingWhitespace }
            if let kind = request.kind { updated.kind = kind.trimmingWhitespace }
            if let home = request.homePost {
                updated.homePost = try await Self.post(home.isEmpty ? nil : home, of: agency, in: transaction)
            }
            if let outOfService = request.outOfService {
                guard !unit.isOnTask else { throw FleetConflict.onTask(unit.callsign, unit.status) }
                updated.status = outOfService ? .outOfService : .available
            }
            try ValidationError.check(updated.problems())
            try await transaction.upsertUnit(updated)
            if updated.status != unit.status {
                try await transaction.appendUnitEvents(
                    [.statusChanged(.init(from: unit.status, to: updated.status))], unit: id,
                    region: agency.regionCode, metadata: EventMetadata(at: at, actor: acting.actor))
            }
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .unitChanged, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: AuditDetail.changes(from: unit, to: updated)))
            return updated
        }
    }

    /// Retires a unit; refused while it is out on a task (the task ends first, or another unit takes it).
    func retireUnit(_ id: UnitID, reason: String, as acting: Acting, address: String?) -> UnitOfWork<ResponseUnit> {
        write(as: acting) { transaction, at in
            let (unit, agency) = try await Self.unit(id, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            guard !unit.isOnTask else { throw FleetConflict.onTask(unit.callsign, unit.status) }
            var retired = unit
            retired.retiredAt = at
            retired.status = .outOfService
            try await transaction.upsertUnit(retired)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .unitRetired, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: ["reason": reason, "callsign": unit.callsign]))
            return retired
        }
    }

    func createPosko(_ request: CreatePoskoRequest, as acting: Acting, address: String?) -> UnitOfWork<Posko> {
        write(as: acting) { transaction, at in
            let agency = try await Self.agency(request.agencyId, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            guard CSV.isCode(request.code) else { throw ValidationError([FieldError("code", .invalidFormat)]) }
            guard let coordinate = Coordinate(latitude: request.latitude, longitude: request.longitude) else {
                throw ValidationError([FieldError("latitude", .outOfRange), FieldError("longitude", .outOfRange)])
            }
            let id = PoskoID("\(agency.id)-\(request.code)")
            guard try await transaction.reader.posko(id) == nil else { throw FleetConflict.exists(id.rawValue) }
            let posko = Posko(
                id: id, agencyID: agency.id, name: request.name.trimmingWhitespace, coordinate: coordinate)
            try ValidationError.check(posko.problems())
            try await transaction.upsertPosko(posko)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .poskoCreated, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: ["name": posko.name]))
            return posko
        }
    }

    func updatePosko(_ id: PoskoID, _ request: UpdatePoskoRequest, as acting: Acting, address: String?)
        -> UnitOfWork<Posko>
    {
        write(as: acting) { transaction, at in
            let (posko, agency) = try await Self.posko(id, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            var updated = posko
            if let name = request.name { updated.name = name.trimmingWhitespace }
            switch (request.latitude, request.longitude) {
            case (nil, nil): break
            case (let latitude?, let longitude?):
                guard let coordinate = Coordinate(latitude: latitude, longitude: longitude) else {
                    throw ValidationError([FieldError("latitude", .outOfRange), FieldError("longitude", .outOfRange)])
                }
                updated.coordinate = coordinate
            default:
                throw ValidationError([FieldError(request.latitude == nil ? "latitude" : "longitude", .required)])
            }
            try ValidationError.check(updated.problems())
            try await transaction.upsertPosko(updated)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .poskoChanged, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: AuditDetail.changes(from: posko, to: updated)))
            return updated
        }
    }

    /// Closes a post; refused while units still wait there (they move to another post, or none, first).
    func retirePosko(_ id: PoskoID, reason: String, as acting: Acting, address: String?) -> UnitOfWork<Posko> {
        write(as: acting) { transaction, at in
            let (posko, agency) = try await Self.posko(id, in: transaction)
            try acting.authorize(.regionConfigure, .region(agency.regionCode))
            let housed = try await transaction.reader.units(of: agency.regionCode).filter { $0.homePost == id }
            guard housed.isEmpty else { throw FleetConflict.postHoldsUnits(posko.name, housed.map(\.callsign)) }
            var retired = posko
            retired.retiredAt = at
            try await transaction.upsertPosko(retired)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .poskoRetired, target: id.rawValue, region: agency.regionCode,
                    address: address, detail: ["reason": reason, "name": posko.name]))
            return retired
        }
    }

    private func write<T>(
        as acting: Acting, _ body: @escaping @Sendable (WriteTransaction, Date) async throws -> T
    ) -> UnitOfWork<T> {
        let at = dependencies.now().truncatedToMilliseconds
        return UnitOfWork(at: at) { try await body($0, at) }
    }

    private static func agency(_ id: String, in transaction: WriteTransaction) async throws -> Agency {
        guard let agency = try await transaction.reader.agency(AgencyID(id)), agency.active else {
            throw ValidationError([FieldError("agencyId", .unknownValue(allowed: []))])
        }
        return agency
    }

    private static func unit(_ id: UnitID, in transaction: WriteTransaction) async throws -> (ResponseUnit, Agency) {
        guard let unit = try await transaction.reader.unit(id), unit.retiredAt == nil,
            let agency = try await transaction.reader.agency(unit.agencyID)
        else { throw FleetNotFound(what: id.rawValue) }
        return (unit, agency)
    }

    private static func posko(_ id: PoskoID, in transaction: WriteTransaction) async throws -> (Posko, Agency) {
        guard let posko = try await transaction.reader.posko(id), posko.retiredAt == nil,
            let agency = try await transaction.reader.agency(posko.agencyID)
        else { throw FleetNotFound(what: id.rawValue) }
        return (posko, agency)
    }

    /// The agency's open post named by its code or id; nil for none.
    private static func post(_ key: String?, of agency: Agency, in transaction: WriteTransaction) async throws
        -> PoskoID?
    {
        guard let key else { return nil }
        let id = key.hasPrefix("\(agency.id)-") ? PoskoID(key) : PoskoID("\(agency.id)-\(key)")
        guard let posko = try await transaction.reader.posko(id), posko.retiredAt == nil else {
            throw ValidationError([FieldError("homePost", .unknownValue(allowed: []))])
        }
        return posko.id
    }
}

/// A unit or post that does not exist (or was retired).
struct FleetNotFound: Error {
    var what: String
}

/// A fleet change that conflicts with how things stand.
enum FleetConflict: Error {
    case exists(String)
    case onTask(String, UnitStatus)
    case postHoldsUnits(String, [String])
}

extension FleetNotFound: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        .notFound(language.pick("\(what) tidak ditemukan.", "\(what) not found."), language)
    }
}

extension FleetConflict: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        switch self {
        case .exists(let id):
            ProblemDetails(
                "fleet-exists", status: .conflict, title: language.pick("Sudah ada", "Already exists"),
                detail: language.pick("\(id) sudah terdaftar.", "\(id) is already registered."))
        case .onTask(let callsign, let status):
            ProblemDetails(
                "unit-on-task", status: .conflict,
                title: language.pick("Unit sedang bertugas", "Unit on a task"),
                detail: language.pick(
                    "\(callsign) sedang \(StatusWords.label(status, .id).lowercased()): selesaikan tugasnya atau ganti unitnya dulu.",
                    "\(callsign) is \(StatusWords.label(status, .en).lowercased()): finish its task or send another unit first."
                ),
                extensions: ["unitStatus": status.rawValue])
        case .postHoldsUnits(let name, let callsigns):
            ProblemDetails(
                "posko-holds-units", status: .conflict,
                title: language.pick("Posko masih ditempati", "Post still holds units"),
                detail: language.pick(
                    "\(name) masih menjadi pangkalan \(callsigns.joined(separator: ", ")): pindahkan dulu.",
                    "\(name) is still home to \(callsigns.joined(separator: ", ")): move them first."),
                extensions: ["units": callsigns])
        }
    }
}
