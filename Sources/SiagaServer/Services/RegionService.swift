import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore

/// Writes a region's own settings: its onboarding, categories, policy and landmarks. Its agencies, matrix,
/// response-time policy and shifts have their own services. Every change is audited in its transaction.
struct RegionService: Sendable {
    let dependencies: Dependencies

    private var now: Date { dependencies.now().truncatedToMilliseconds }

    /// Onboards `code` with its files; a bad file changes nothing.
    func onboard(_ code: RegionCode, files: RegionFiles, as acting: Acting, address: String?) throws
        -> UnitOfWork<OnboardedRegion>
    {
        try acting.authorize(.regionAdminister, .region(code))
        let at = now
        return UnitOfWork(at: at) { transaction in
            try await RegionOnboarding(dependencies: dependencies).onboard(
                code, files: files, actor: acting.actor, address: address, at: at, in: transaction)
        }
    }

    /// Onboards the region of a bundle exported by another deployment; a bad bundle changes nothing.
    func importBundle(_ bundle: RegionBundle, as acting: Acting, address: String?) throws
        -> UnitOfWork<OnboardedRegion>
    {
        // Whether the principal may onboard this region is told before what is wrong with the bundle.
        if let code = RegionCode(bundle.code) { try acting.authorize(.regionAdminister, .region(code)) }
        let code = try bundle.checkedCode()
        try acting.authorize(.regionAdminister, .region(code))
        let at = now
        return UnitOfWork(at: at) { transaction in
            try await bundle.onboard(
                code, dependencies: dependencies, actor: acting.actor, address: address, at: at, in: transaction)
        }
    }

    func replaceCategories(_ catalog: CategoryCatalog, of region: Authorized<RegionCode>, address: String?)
        -> UnitOfWork<CategoryCatalog>
    {
        let (code, acting, at) = (region.value, region.acting, now)
        return UnitOfWork(at: at) { transaction in
            // The current matrix must still route with the new categories, or the region's bundle would not re-import.
            if let current = try await transaction.reader.currentMatrix(of: code) {
                let missing = current.matrix.rows.compactMap { row -> String? in
                    guard let category = catalog.category(row.category) else { return row.category }
                    guard let sub = row.subcategory, category.subcategory(sub) == nil else { return nil }
                    return "\(row.category)/\(sub)"
                }
                if !missing.isEmpty {
                    throw CategoriesInMatrix(version: current.version, categories: Array(Set(missing)).sorted())
                }
            }
            try await transaction.replaceCategories(of: code, with: catalog)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .categoriesChanged, target: code.rawValue, region: code,
                    address: address, detail: ["categories": String(catalog.categories.count)]))
            return catalog
        }
    }

    /// Applies `change` to the region's policy as the transaction sees it.
    func updatePolicy(
        of region: Authorized<RegionCode>, address: String?,
        _ change: @escaping @Sendable (RegionPolicy) throws -> RegionPolicy
    ) -> UnitOfWork<Region> {
        let (code, acting, at) = (region.value, region.acting, now)
        return UnitOfWork(at: at) { transaction in
            guard var region = try await transaction.reader.region(code) else { throw StoreError.regionNotFound(code) }
            let before = region.policy
            region.policy = try change(region.policy)
            try await transaction.updatePolicy(of: code, to: region.policy)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .regionChanged, target: code.rawValue, region: code,
                    address: address, detail: AuditDetail.changes(from: before, to: region.policy)))
            return region
        }
    }

    func replaceLandmarks(_ landmarks: [Landmark], of region: Authorized<RegionCode>, address: String?)
        -> UnitOfWork<[Landmark]>
    {
        let (code, acting, at) = (region.value, region.acting, now)
        return UnitOfWork(at: at) { transaction in
            guard try await transaction.reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            try await transaction.replaceLandmarks(landmarks, of: code)
            try await transaction.appendAudit(
                AuditEntry(
                    at: at, actor: acting.actor, action: .landmarksChanged, target: code.rawValue, region: code,
                    address: address, detail: ["landmarks": String(landmarks.count)]))
            return landmarks
        }
    }
}

/// New categories that leave out some the region's current matrix routes.
struct CategoriesInMatrix: Error {
    var version: Int
    var categories: [String]
}

extension CategoriesInMatrix: ProblemConvertible {
    func problem(_ language: Language) -> ProblemDetails? {
        let list = categories.joined(separator: ", ")
        return ProblemDetails(
            "categories-in-matrix", status: .conflict,
            title: language.pick("Kategori masih dipakai matriks", "Categories still in the matrix"),
            detail: language.pick(
                "Matriks versi \(version) masih memakai \(list): ubah matriksnya dulu.",
                "Matrix version \(version) still routes \(list): change the matrix first."),
            extensions: ["categories": categories, "matrixVersion": version])
    }
}
