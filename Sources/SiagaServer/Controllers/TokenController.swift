import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// API tokens for integrations (PBX, SMS gateway, other 112 centers, agency systems).
///
/// | method | path          | does                                                                     |
/// |--------|---------------|--------------------------------------------------------------------------|
/// | GET    | /tokens       | tokens within my reach (never their secrets)                             |
/// | POST   | /tokens       | create one with its permissions; the answer shows its secret, only once  |
/// | DELETE | /tokens/{id}  | revoke it: the next request with it gets 401                             |
struct TokenController {
    let store: SQLStore
    let accounts: AccountService

    struct CreateRequest: Decodable, Sendable {
        var name: String
        var jurisdiction: String
        var agencyId: String?
        var permissions: [String]
    }

    struct TokenDTO: Encodable, Sendable {
        var id: String
        var name: String
        var jurisdiction: String
        var agencyId: String?
        var permissions: [String]
        var createdBy: String
        var createdAt: Date
        var revokedAt: Date?
        var lastUsedAt: Date?
        /// Present only in the answer that created it.
        var secret: String?

        init(_ token: TokenRecord, secret: String? = nil) {
            id = token.id
            name = token.name
            jurisdiction = token.jurisdiction.description
            agencyId = token.agency?.rawValue
            permissions = token.permissions.map(\.rawValue).sorted()
            createdBy = token.createdBy.description
            createdAt = token.createdAt
            revokedAt = token.revokedAt
            lastUsedAt = token.lastUsedAt
            self.secret = secret
        }
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("tokens", .tokenManage, use: list)
        group.post("tokens", .tokenManage, use: create)
        group.delete("tokens/{id}", .tokenManage, use: revoke)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let tokens = try await store.read { try await $0.tokens(within: context.principal.jurisdiction) }
        return try .json(ItemsDTO(items: tokens.map { TokenDTO($0) }))
    }

    @Sendable func create(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateRequest>.decode(request).value
        var errors: [FieldError] = []
        let jurisdiction = Jurisdiction(body.jurisdiction)
        if jurisdiction == nil { errors.append(FieldError("jurisdiction", .invalidFormat)) }
        let permissions = body.permissions.map { Permission(rawValue: $0) }
        if permissions.contains(nil) {
            errors.append(
                FieldError("permissions", .unknownValue(allowed: Permission.grantableToTokens.map(\.rawValue).sorted()))
            )
        }
        try ValidationError.check(errors)
        try context.authorize(.tokenManage, .account(jurisdiction!))
        let beyond = Set(permissions.compactMap { $0 }).intersection(Permission.grantableToTokens)
            .subtracting(Permission.delegable(by: context.principal))
        if let first = beyond.sorted().first { throw AccessDenied(denial: .permissionBeyondOwn(first)) }
        let (secret, token) = try await accounts.createToken(
            name: body.name, jurisdiction: jurisdiction!, agency: body.agencyId.map(AgencyID.init),
            permissions: Set(permissions.compactMap { $0 }), by: context.actor, address: context.address)
        var response = try Response.json(TokenDTO(token, secret: secret), status: .created)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func revoke(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let token = try await store.read({ try await $0.token(id: id) }) else {
            throw AccountService.TokenNotFound(id: id)
        }
        try context.authorize(.tokenManage, .account(token.jurisdiction))
        let revoked = try await accounts.revokeToken(
            id, by: context.actor, address: context.address)
        return try .json(TokenDTO(revoked))
    }
}
