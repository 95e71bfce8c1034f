import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// A region's response-time targets, versioned like the matrix.
///
/// | method | path                                     | does                                              |
/// |--------|------------------------------------------|---------------------------------------------------|
/// | GET    | /regions/{code}/response-policy          | the policy in force (version 0: the defaults)     |
/// | PUT    | /regions/{code}/response-policy          | save a new version, with a reason                 |
/// | GET    | /regions/{code}/response-policy/versions | every saved version, newest first                 |
struct ResponsePolicyController {
    let service: ResponsePolicyService
    let store: SQLStore

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("regions/{code}/response-policy", .referenceRead, use: current)
        group.put("regions/{code}/response-policy", .regionConfigure, use: replace)
        group.get("regions/{code}/response-policy/versions", .referenceRead, use: versions)
    }

    @Sendable func current(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let version = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return try await reader.responsePolicy(of: code)
        }
        return try .json(ResponsePolicyDTO(version))
    }

    @Sendable func replace(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.regionConfigure, .region(code))
        let body = try await RequestBody<ReplaceResponsePolicyRequest>.decode(request)
        let (policy, reason) = try body.value.policy()
        let claim = try context.idempotencyClaim(request, fingerprint: body.fingerprint)
        let work = service.replace(policy, reason: reason, region: code, actor: context.actor, address: context.address)
        return .write(
            try await store.perform(work, idempotency: claim) { try storedJSON(ResponsePolicyDTO($0), status: 200) })
    }

    @Sendable func versions(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let code = try RegionPath.code(request, context)
        try context.authorize(.referenceRead, .region(code))
        let versions = try await store.read { reader in
            guard try await reader.region(code) != nil else { throw StoreError.regionNotFound(code) }
            return try await reader.responsePolicyVersions(of: code)
        }
        return try .json(ItemsDTO(items: versions.map(ResponsePolicyDTO.init)))
    }
}
