import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// Regions, their categories and agencies.
///
/// | method | path             | does                                                        |
/// |--------|------------------|-------------------------------------------------------------|
/// | GET    | /regions         | regions this deployment serves                              |
/// | POST   | /regions         | onboard a regency or city with its agencies, units, matrix  |
/// | GET    | /regions/{code}  | one region (`35.15`), with its time zone                    |
/// | GET    | /categories      | a region's categories (`region=35.15`), or the defaults     |
/// | PUT    | /regions/{code}/categories | replace a region's categories                     |
/// | GET    | /agencies        | a region's agencies (`region=35.15`, required)              |
struct ReferenceController {
    let dependencies: Dependencies

    private var store: SQLStore { dependencies.store }
    private func now() -> Date { dependencies.now() }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions", .referenceRead, use: regions)
        group.post("regions", .regionAdminister, use: onboard)
        group.get("regions/{code}", .referenceRead, use: region)
        group.get("categories", .referenceRead, use: categories)
        group.put("regions/{code}/categories", .regionConfigure, use: replaceCategories)
        group.get("agencies", .referenceRead, use: agencies)
    }

    /// The regions within the principal's reach.
    @Sendable func regions(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let regions = try await store.read { try await $0.regions() }
            .filter { context.principal.jurisdiction.covers($0.code) }
        return try .json(ItemsDTO(items: regions.map(RegionDTO.init)))
    }

    @Sendable func onboard(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<OnboardRegionRequest>.decode(request)
        let (code, files) = try body.value.validated()
        try context.authorize(.regionAdminister, .region(code))
        let at = now().truncatedToMilliseconds
        let onboarding = RegionOnboarding(dependencies: dependencies)
        let outcome = try await store.write(
            idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint), now: at
        ) { transaction in
            let onboarded = try await onboarding.onboard(
                code, files: files, actor: context.actor, address: context.address, at: at, in: transaction)
            return try storedJSON(OnboardedRegionDTO(onboarded), status: 201, location: "/api/v1/regions/\(code)")
        }
        return .write(outcome)
    }

    @Sendable func region(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        guard let region = try await store.read({ try await $0.region(code) }) else {
            throw StoreError.regionNotFound(code)
        }
        return try .json(RegionDTO(region))
    }

    @Sendable func replaceCategories(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionConfigure, .region(code))
        let body = try await RequestBody<ReplaceCategoriesRequest>.decode(request)
        let catalog = try body.value.validated()
        let at = now().truncatedToMilliseconds
        let outcome = try await store.write(
            idempotency: try context.idempotencyClaim(request, fingerprint: body.fingerprint), now: at
        ) { transaction in
            try await transaction.replaceCategories(of: code, with: catalog)
            try await transaction.appendAudit(
                context.audit(
                    .categoriesChanged, at: at, target: code.rawValue, region: code,
                    detail: ["categories": String(catalog.categories.count)]))
            return try storedJSON(ItemsDTO(items: catalog.categories.map(CategoryDTO.init)), status: 200)
        }
        return .write(outcome)
    }

    @Sendable func categories(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var query = QueryReader(request)
        let code = query.region("region")
        try query.check(request.language)
        var catalog = CategoryCatalog.defaults
        if let code {
            try context.authorize(.referenceRead, .region(code))
            guard let stored = try await store.read({ try await $0.categories(of: code) }) else {
                throw StoreError.regionNotFound(code)
            }
            catalog = stored
        }
        return try .json(ItemsDTO(items: catalog.categories.map(CategoryDTO.init)))
    }

    @Sendable func agencies(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try QueryReader.requiredRegion(request)
        try context.authorize(.referenceRead, .region(code))
        let agencies = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return try await reader.agencies(of: code)
        }
        return try .json(ItemsDTO(items: agencies.map(AgencyDTO.init)))
    }
}
