import Foundation
import HTTPTypes
public import SiagaCore
import SiagaStore

/// The files that configure a region: its agencies, and optionally their units and the responsibility matrix.
public struct RegionFiles: Sendable {
    public var agenciesCSV: String
    public var postsCSV: String?
    public var unitsCSV: String?
    public var matrixCSV: String?
    /// Why the matrix is what it is (version 1's reason); `Onboarding` when not given.
    public var matrixReason: String?
    /// The regent's regulation the matrix implements (`Perbup Sidoarjo No. 12/2024`).
    public var matrixRegulation: String?

    public init(
        agenciesCSV: String, postsCSV: String? = nil, unitsCSV: String? = nil, matrixCSV: String? = nil,
        matrixReason: String? = nil, matrixRegulation: String? = nil
    ) {
        self.agenciesCSV = agenciesCSV
        self.postsCSV = postsCSV
        self.unitsCSV = unitsCSV
        self.matrixCSV = matrixCSV
        self.matrixReason = matrixReason
        self.matrixRegulation = matrixRegulation
    }
}

/// What onboarding created.
public struct OnboardedRegion: Sendable, Equatable {
    public var region: Region
    public var agencies: Int
    public var posts: Int
    public var units: Int
    public var kecamatan: Int
    public var desa: Int
    public var matrixVersion: Int?
}

/// The region is already served by this deployment.
struct RegionAlreadyOnboarded: Error {
    var code: RegionCode
}

extension RegionAlreadyOnboarded: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        ProblemDetails(
            "region-exists", status: .conflict,
            title: language.pick("Wilayah sudah terdaftar", "Region already registered"),
            detail: language.pick(
                "Wilayah \(code) sudah dilayani; ubah instansi dan matriksnya lewat API masing-masing.",
                "Region \(code) is already served; change its agencies and matrix through their own APIs."))
    }
}

/// Adds any of the 514 regencies and cities: its name, time zone, kecamatan and desa from the reference list,
/// with its agencies, units and matrix, checked as one unit and written in one transaction.
public struct RegionOnboarding: Sendable {
    let dependencies: Dependencies

    public init(dependencies: Dependencies) { self.dependencies = dependencies }

    /// Onboards `code` with `files`; a bad file changes nothing and says which rows are wrong.
    public func onboard(_ code: RegionCode, files: RegionFiles, actor: Actor) async throws -> OnboardedRegion {
        let work = try RegionService(dependencies: dependencies).onboard(
            code, files: files, as: .trusted(actor), address: nil)
        return try await dependencies.store.perform(work)
    }

    func onboard(
        _ code: RegionCode, files: RegionFiles, actor: Actor, address: String? = nil, at: Date,
        in transaction: WriteTransaction
    ) async throws -> OnboardedRegion {
        let wilayah = try ReferenceData.wilayah()
        guard let region = wilayah.region(code) else {
            throw ValidationError([FieldError("code", .unknownValue(allowed: []))])
        }
        guard try await transaction.reader.region(code) == nil else { throw RegionAlreadyOnboarded(code: code) }
        let rows = try named("agencies.csv") { () throws(CSVRejection) in
            try AgencyCSV.parse(files.agenciesCSV, region: code)
        }
        let agencies = rows.agencies
        let posts =
            try files.postsCSV.map { text in
                try named("posts.csv") { () throws(CSVRejection) in try PoskoCSV.parse(text, agencies: agencies) }
            } ?? []
        let units =
            try files.unitsCSV.map { text in
                try named("units.csv") { () throws(CSVRejection) in
                    try UnitCSV.parse(text, agencies: agencies, posts: posts)
                }
            } ?? []
        let areas = wilayah.areas(in: code)
        try await transaction.insertRegion(region, categories: .defaults, now: at)
        try await transaction.insertAreas(areas, of: code)
        for agency in agencies { try await transaction.upsertAgency(agency) }
        for (agency, ladder) in rows.ladders.sorted(by: { $0.key < $1.key }) {
            try await transaction.saveNoticeLadder(ladder, of: agency, in: code, at: at)
        }
        for posko in posts { try await transaction.upsertPosko(posko) }
        for unit in units { try await transaction.upsertUnit(unit) }
        let matrix = try await files.matrixCSV.asyncMap { csv in
            try await named("matrix.csv") {
                try await MatrixService(dependencies: dependencies).save(
                    MatrixSource(
                        csv: csv, rows: nil, fallback: [], reason: files.matrixReason ?? "Onboarding",
                        regulation: files.matrixRegulation),
                    region: code,
                    actor: actor, address: address, at: at, in: transaction)
            }
        }
        try await transaction.appendAudit(
            AuditEntry(
                at: at, actor: actor, action: .regionCreated, target: code.rawValue, region: code, address: address,
                detail: ["agencies": String(agencies.count), "units": String(units.count)]))
        return OnboardedRegion(
            region: region, agencies: agencies.count, posts: posts.count, units: units.count,
            kecamatan: areas.count { $0.code.level == .kecamatan }, desa: areas.count { $0.code.level == .desa },
            matrixVersion: matrix?.version)
    }

    /// Runs `body`, naming the file in any CSV rejection it throws.
    private func named<T>(_ file: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch var rejection as CSVRejection {
            rejection.file = file
            throw rejection
        }
    }

    private func named<T>(_ file: String, _ body: () throws(CSVRejection) -> T) throws -> T {
        do {
            return try body()
        } catch {
            var rejection = error
            rejection.file = file
            throw rejection
        }
    }
}
