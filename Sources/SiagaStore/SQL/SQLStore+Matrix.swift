public import Foundation
import SQLKit
public import SiagaCore

extension WriteTransaction {
    /// Stores `matrix` as the region's next version and returns it.
    public func saveMatrix(
        _ matrix: ResponsibilityMatrix,
        for region: RegionCode,
        author: Actor,
        at: Date,
        reason: String,
        regulation: String?
    ) async throws -> MatrixVersion {
        let next = (try await reader.currentMatrix(of: region)?.version ?? 0) + 1
        let version = MatrixVersion(
            regionCode: region, version: next, matrix: matrix, author: author, at: at, reason: reason,
            regulation: regulation)
        try await database.raw(
            """
            INSERT INTO matrix_versions (region_code, version, document, author, at_ms, reason, regulation)
            VALUES (\(bind: region.rawValue), \(bind: next), \(bind: try StoredJSON.encode(matrix)),
                    \(bind: author.description), \(bind: at.millisecondsSince1970), \(bind: reason), \(bind: regulation))
            """
        ).run()
        return version
    }

    /// Adds or replaces a posko.
    public func upsertPosko(_ posko: Posko) async throws {
        try await database.raw(
            """
            INSERT INTO posko (id, agency_id, state) VALUES (\(bind: posko.id.rawValue), \(bind: posko.agencyID.rawValue),
                \(bind: try StoredJSON.encode(posko)))
            ON CONFLICT (id) DO UPDATE SET state = excluded.state
            """
        ).run()
    }

    /// Adds or replaces a unit.
    public func upsertUnit(_ unit: ResponseUnit) async throws {
        try await database.raw(
            """
            INSERT INTO units (id, agency_id, callsign, kind, status, state)
            VALUES (\(bind: unit.id.rawValue), \(bind: unit.agencyID.rawValue), \(bind: unit.callsign),
                    \(bind: unit.kind), \(bind: unit.status.rawValue), \(bind: try StoredJSON.encode(unit)))
            ON CONFLICT (id) DO UPDATE SET callsign = excluded.callsign, kind = excluded.kind,
                status = excluded.status, state = excluded.state
            """
        ).run()
    }
}

extension StoreReader {
    /// The region's newest matrix, or `nil` before the first one is saved.
    public func currentMatrix(of region: RegionCode) async throws -> MatrixVersion? {
        try await database.raw(
            """
            SELECT region_code, version, document, author, at_ms, reason, regulation FROM matrix_versions
            WHERE region_code = \(bind: region.rawValue) ORDER BY version DESC LIMIT 1
            """
        ).first().map(matrixVersion)
    }

    /// One version of the region's matrix.
    public func matrix(of region: RegionCode, version: Int) async throws -> MatrixVersion? {
        try await database.raw(
            """
            SELECT region_code, version, document, author, at_ms, reason, regulation FROM matrix_versions
            WHERE region_code = \(bind: region.rawValue) AND version = \(bind: version)
            """
        ).first().map(matrixVersion)
    }

    /// Every version of the region's matrix, newest first.
    public func matrixVersions(of region: RegionCode) async throws -> [MatrixVersion] {
        try await database.raw(
            """
            SELECT region_code, version, document, author, at_ms, reason, regulation FROM matrix_versions
            WHERE region_code = \(bind: region.rawValue) ORDER BY version DESC
            """
        ).all().map(matrixVersion)
    }

    /// What the current matrix proposes for `incident`; `nil` when the region has no matrix or the incident is
    /// not classified.
    public func routingProposal(for incident: Incident) async throws -> RoutingProposal? {
        guard let classification = incident.classification,
            let current = try await currentMatrix(of: incident.regionCode)
        else { return nil }
        return current.matrix.route(
            classification, kecamatan: incident.location?.kecamatanCode, version: current.version)
    }

    public func unit(_ id: UnitID) async throws -> ResponseUnit? {
        try await database.raw("SELECT state FROM units WHERE id = \(bind: id.rawValue)").first()
            .map { try decodeState(ResponseUnit.self, $0, table: "units", id: id.rawValue) }
    }

    /// The units of every agency of the region; retired ones only when asked for.
    public func units(of region: RegionCode, includingRetired: Bool = false) async throws -> [ResponseUnit] {
        try await database.raw(
            """
            SELECT units.id, units.state FROM units JOIN agencies ON agencies.id = units.agency_id
            WHERE agencies.region_code = \(bind: region.rawValue) ORDER BY units.id
            """
        ).all().map { try decodeState(ResponseUnit.self, $0, table: "units", id: "") }
            .filter { includingRetired || $0.retiredAt == nil }
    }

    /// The posts of every agency of the region; closed ones only when asked for.
    public func posko(of region: RegionCode, includingRetired: Bool = false) async throws -> [Posko] {
        try await database.raw(
            """
            SELECT posko.id, posko.state FROM posko JOIN agencies ON agencies.id = posko.agency_id
            WHERE agencies.region_code = \(bind: region.rawValue) ORDER BY posko.id
            """
        ).all().map { try decodeState(Posko.self, $0, table: "posko", id: "") }
            .filter { includingRetired || $0.retiredAt == nil }
    }

    public func posko(_ id: PoskoID) async throws -> Posko? {
        try await database.raw("SELECT state FROM posko WHERE id = \(bind: id.rawValue)").first()
            .map { try decodeState(Posko.self, $0, table: "posko", id: id.rawValue) }
    }

    private func matrixVersion(_ row: any SQLRow) throws -> MatrixVersion {
        let regionText = try row.decode(column: "region_code", as: String.self)
        guard let region = RegionCode(regionText),
            let author = Actor(stored: try row.decode(column: "author", as: String.self))
        else { throw StoreError.corruptRow(table: "matrix_versions", id: regionText) }
        return MatrixVersion(
            regionCode: region, version: try row.decode(column: "version", as: Int.self),
            matrix: try StoredJSON.decode(
                ResponsibilityMatrix.self, from: try row.decode(column: "document", as: String.self)),
            author: author, at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)),
            reason: try row.decode(column: "reason", as: String.self),
            regulation: try row.decode(column: "regulation", as: String?.self))
    }
}

extension WriteTransaction {
    /// Appends `events` to the unit's stream (in the region of its agency), for the live map.
    public func appendUnitEvents(
        _ events: [UnitEvent], unit: UnitID, region: RegionCode, metadata: EventMetadata
    ) async throws {
        guard !events.isEmpty else { return }
        let row = try await database.raw(
            """
            SELECT COALESCE(MAX(version), 0) AS version FROM events
            WHERE stream_type = 'unit' AND stream_id = \(bind: unit.rawValue)
            """
        ).first()
        _ = try await appendEvents(
            events, typeNames: events.map(\.typeName), stream: ("unit", unit.rawValue, region),
            fromVersion: try row?.decode(column: "version", as: Int.self) ?? 0, metadata: metadata)
    }
}
