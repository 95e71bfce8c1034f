import Foundation
public import SiagaCore
public import SiagaStore

/// A region's whole configuration as one document, to move it to another deployment: policy, categories, and the
/// agencies, posts, units and current matrix as the same CSV files onboarding reads.
public struct RegionBundle: Codable, Sendable, Equatable {
    public static let format = "siaga112-region-bundle"

    public var format: String
    public var formatVersion: Int
    public var code: String
    public var name: String
    public var policy: RegionPolicy
    public var categories: CategoryCatalog
    public var agenciesCsv: String
    public var postsCsv: String
    public var unitsCsv: String
    public var matrixCsv: String?
    public var matrixFallback: [String]

    /// The bundle of a served region.
    public static func export(_ code: RegionCode, from store: SQLStore) async throws -> RegionBundle {
        try await store.read { reader in
            guard let region = try await reader.region(code), let categories = try await reader.categories(of: code)
            else {
                throw StoreError.regionNotFound(code)
            }
            let agencies = try await reader.agencies(of: code)
            let matrix = try await reader.currentMatrix(of: code)
            return RegionBundle(
                format: format, formatVersion: 1, code: code.rawValue, name: region.name, policy: region.policy,
                categories: categories,
                agenciesCsv: AgencyCSV.export(agencies, ladders: try await reader.noticeLadders(in: code)),
                postsCsv: PoskoCSV.export(try await reader.posko(of: code), agencies: agencies),
                unitsCsv: UnitCSV.export(try await reader.units(of: code), agencies: agencies),
                matrixCsv: matrix.map { MatrixCSV.export($0.matrix, agencies: agencies) },
                matrixFallback: matrix?.matrix.fallback.map(\.rawValue) ?? [])
        }
    }

    /// Onboards the bundle's region on this deployment, with its policy and categories, in one transaction, as
    /// Siaga112 itself on behalf of `actor` (the command line).
    public func importRegion(dependencies: Dependencies, actor: Actor, address: String? = nil) async throws
        -> OnboardedRegion
    {
        let work = try RegionService(dependencies: dependencies).importBundle(
            self, as: .trusted(actor), address: address)
        return try await dependencies.store.perform(work)
    }

    /// The region the bundle is for, once its format, code, categories and policy are known to be good.
    func checkedCode() throws -> RegionCode {
        guard format == Self.format, formatVersion == 1 else {
            throw ValidationError([FieldError("format", .unknownValue(allowed: ["\(Self.format) v1"]))])
        }
        guard let code = RegionCode(code), code.level == .kabupaten else {
            throw ValidationError([FieldError("code", .invalidFormat)])
        }
        try ValidationError.check(categories.problems(field: "categories") + policy.problems())
        return code
    }

    /// Writes the bundle's region inside `transaction`: its agencies, posts and units as onboarding does, then
    /// its categories, policy and matrix.
    func onboard(
        _ code: RegionCode, dependencies: Dependencies, actor: Actor, address: String?, at: Date,
        in transaction: WriteTransaction
    ) async throws -> OnboardedRegion {
        var onboarded = try await RegionOnboarding(dependencies: dependencies).onboard(
            code,
            files: RegionFiles(agenciesCSV: agenciesCsv, postsCSV: postsCsv, unitsCSV: unitsCsv, matrixCSV: nil),
            actor: actor, address: address, at: at, in: transaction)
        try await transaction.replaceCategories(of: code, with: categories)
        try await transaction.updatePolicy(of: code, to: policy)
        try await transaction.appendAudit(
            AuditEntry(
                at: at, actor: actor, action: .regionImported, target: code.rawValue, region: code, address: address))
        onboarded.region.policy = policy
        if let matrixCsv {
            let source = MatrixSource(
                csv: matrixCsv, rows: nil, fallback: matrixFallback.map(AgencyID.init), reason: "Imported bundle",
                regulation: nil)
            let version = try await MatrixService(dependencies: dependencies).save(
                source, region: code, actor: actor, address: address, at: at, in: transaction)
            onboarded.matrixVersion = version.version
        }
        return onboarded
    }
}
