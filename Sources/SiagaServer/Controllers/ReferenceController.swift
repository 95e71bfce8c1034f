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
    let store: SQLStore
    let regions: RegionService

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
        let work = try regions.onboard(code, files: files, as: context.acting, address: context.address)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(
            try await store.perform(work, idempotency: claim) {
                try storedJSON(OnboardedRegionDTO($0), status: 201, location: "/api/v1/regions/\(code)")
            })
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
        let region = try context.acting.authorized(.regionConfigure, region: try RegionPath.code(request, context))
        let body = try await RequestBody<ReplaceCategoriesRequest>.decode(request)
        let work = regions.replaceCategories(try body.value.validated(), of: region, address: context.address)
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        return .write(
            try await store.perform(work, idempotency: claim) {
                try storedJSON(ItemsDTO(items: $0.categories.map(CategoryDTO.init)), status: 200)
            })
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
