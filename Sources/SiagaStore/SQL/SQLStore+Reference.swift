public import Foundation
import SQLKit
public import SiagaCore

extension WriteTransaction {
    /// Adds a region with its category catalog; an existing region keeps its data.
    public func insertRegion(_ region: Region, categories: CategoryCatalog, now: Date) async throws {
        try await database.raw(
            """
            INSERT INTO regions (code, name, time_zone, policy, categories, created_at_ms)
            VALUES (\(bind: region.code.rawValue), \(bind: region.name), \(bind: region.timeZone.rawValue),
                    \(bind: try StoredJSON.encode(region.policy)), \(bind: try StoredJSON.encode(categories)),
                    \(bind: now.millisecondsSince1970))
            ON CONFLICT (code) DO NOTHING
            """
        ).run()
    }

    /// Replaces a region's policy.
    public func updatePolicy(of region: RegionCode, to policy: RegionPolicy) async throws {
        let changed = try await database.raw(
            """
            UPDATE regions SET policy = \(bind: try StoredJSON.encode(policy))
            WHERE code = \(bind: region.rawValue) RETURNING code
            """
        ).first()
        guard changed != nil else { throw StoreError.regionNotFound(region) }
    }

    /// Replaces a region's category catalog. Incidents keep the codes they were classified with.
    public func replaceCategories(of region: RegionCode, with catalog: CategoryCatalog) async throws {
        let changed = try await database.raw(
            """
            UPDATE regions SET categories = \(bind: try StoredJSON.encode(catalog))
            WHERE code = \(bind: region.rawValue) RETURNING code
            """
        ).first()
        guard changed != nil else { throw StoreError.regionNotFound(region) }
    }

    /// Records the kecamatan and desa of `region`.
    public func insertAreas(_ areas: [Wilayah.Entry], of region: RegionCode) async throws {
        for chunk in stride(from: 0, to: areas.count, by: 200).map({ areas[$0..<min($0 + 200, areas.count)] }) {
            var insert = database.insert(into: "wilayah").columns("code", "region_code", "name", "level")
            for area in chunk {
                insert = insert.values(
                    SQLBind(area.code.rawValue), SQLBind(region.rawValue), SQLBind(area.name),
                    SQLBind(area.code.level.rawValue))
            }
            try await insert.run()
        }
    }

    /// Adds or replaces an agency.
    public func upsertAgency(_ agency: Agency) async throws {
        try await database.raw(
            """
            INSERT INTO agencies (id, region_code, code, name, kind, phone, channel, active)
            VALUES (\(bind: agency.id.rawValue), \(bind: agency.regionCode.rawValue), \(bind: agency.code),
                    \(bind: agency.name), \(bind: agency.kind.rawValue), \(bind: agency.phone),
                    \(bind: agency.channel.rawValue), \(bind: agency.active ? 1 : 0))
            ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, kind = excluded.kind,
                phone = excluded.phone, channel = excluded.channel, active = excluded.active
            """
        ).run()
    }
}

extension StoreReader {
    public func regions() async throws -> [Region] {
        try await database.raw("SELECT code, name, policy FROM regions ORDER BY code").all().map(region)
    }

    public func region(_ code: RegionCode) async throws -> Region? {
        try await database.raw("SELECT code, name, policy FROM regions WHERE code = \(bind: code.rawValue)").first()
            .map(region)
    }

    public func categories(of region: RegionCode) async throws -> CategoryCatalog? {
        guard
            let row = try await database.raw(
                "SELECT categories FROM regions WHERE code = \(bind: region.rawValue)"
            ).first()
        else { return nil }
        return try StoredJSON.decode(CategoryCatalog.self, from: try row.decode(column: "categories", as: String.self))
    }

    public func agency(_ id: AgencyID) async throws -> Agency? {
        try await database.raw(
            "SELECT id, region_code, code, name, kind, phone, channel, active FROM agencies WHERE id = \(bind: id.rawValue)"
        ).first().map(agency)
    }

    public func agencies(of region: RegionCode) async throws -> [Agency] {
        try await database.raw(
            """
            SELECT id, region_code, code, name, kind, phone, channel, active FROM agencies
            WHERE region_code = \(bind: region.rawValue) ORDER BY code
            """
        ).all().map(agency)
    }

    /// What the incident lifecycle needs to decide for `region`: its categories, active agencies with their
    /// channels, and their units.
    public func incidentRules(for region: RegionCode) async throws -> IncidentRules {
        guard let categories = try await categories(of: region) else { throw StoreError.regionNotFound(region) }
        let agencies = try await agencies(of: region).filter(\.active)
        let units = try await units(of: region)
        return IncidentRules(
            categories: categories, agencies: Set(agencies.map(\.id)),
            channels: Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0.channel) }),
            units: Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) }))
    }

    /// The kecamatan (or desa) of a region, in code order.
    public func areas(of region: RegionCode, level: RegionCode.Level) async throws -> [Wilayah.Entry] {
        try await database.raw(
            """
            SELECT code, name FROM wilayah WHERE region_code = \(bind: region.rawValue) AND level = \(bind: level.rawValue)
            ORDER BY code
            """
        ).all().compactMap { row in
            guard let code = RegionCode(try row.decode(column: "code", as: String.self)) else { return nil }
            return Wilayah.Entry(code: code, name: try row.decode(column: "name", as: String.self))
        }
    }

    private func region(_ row: any SQLRow) throws -> Region {
        let codeText = try row.decode(column: "code", as: String.self)
        guard let code = RegionCode(codeText),
            let policy = try? StoredJSON.decode(
                RegionPolicy.self, from: try row.decode(column: "policy", as: String.self)),
            let region = Region(code: code, name: try row.decode(column: "name", as: String.self), policy: policy)
        else { throw StoreError.corruptRow(table: "regions", id: codeText) }
        return region
    }

    private func agency(_ row: any SQLRow) throws -> Agency {
        let id = try row.decode(column: "id", as: String.self)
        guard let region = RegionCode(try row.decode(column: "region_code", as: String.self)),
            let kind = AgencyKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let channel = ForwardingChannel(rawValue: try row.decode(column: "channel", as: String.self))
        else { throw StoreError.corruptRow(table: "agencies", id: id) }
        return Agency(
            id: AgencyID(id), regionCode: region, code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self), kind: kind,
            phone: try row.decode(column: "phone", as: String?.self), channel: channel,
            active: try row.decode(column: "active", as: Int.self) != 0)
    }
}

extension WriteTransaction {
    /// Replaces the region's landmarks.
    public func replaceLandmarks(_ landmarks: [Landmark], of region: RegionCode) async throws {
        try await database.delete(from: "landmarks").where("region_code", .equal, region.rawValue).run()
        for landmark in landmarks {
            try await database.raw(
                """
                INSERT INTO landmarks (region_code, name, kind, latitude, longitude)
                VALUES (\(bind: region.rawValue), \(bind: landmark.name), \(bind: landmark.kind),
                        \(bind: landmark.coordinate.latitude), \(bind: landmark.coordinate.longitude))
                """
            ).run()
        }
    }
}

extension StoreReader {
    /// The region's landmarks, by name.
    public func landmarks(of region: RegionCode) async throws -> [Landmark] {
        try await database.select().columns("name", "kind", "latitude", "longitude").from("landmarks")
            .where("region_code", .equal, region.rawValue).orderBy("name").all().compactMap { row in
                let name = try row.decode(column: "name", as: String.self)
                guard
                    let coordinate = Coordinate(
                        latitude: try row.decode(column: "latitude", as: Double.self),
                        longitude: try row.decode(column: "longitude", as: Double.self))
                else { throw StoreError.corruptRow(table: "landmarks", id: name) }
                return Landmark(
                    name: name, kind: try row.decode(column: "kind", as: String.self), coordinate: coordinate)
            }
    }
}
