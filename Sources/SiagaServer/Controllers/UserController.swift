import Foundation
import Hummingbird
import SiagaCore
import SiagaStore

/// People: admins add them, change their role or reach, reset passwords and disable them. An admin manages only
/// accounts within their own jurisdiction.
///
/// | method | path                          | does                                                        |
/// |--------|-------------------------------|-------------------------------------------------------------|
/// | GET    | /users                        | users within my reach                                       |
/// | POST   | /users                        | add a user with a first password                            |
/// | GET    | /users/{username}             | one user, with open sessions                                |
/// | PATCH  | /users/{username}             | change name, role, reach, agency, units; disable or enable  |
/// | POST   | /users/{username}/password    | set a new password; ends the user's sessions                |
/// | DELETE | /users/{username}/sessions    | sign the user out everywhere                                |
struct UserController {
    let store: SQLStore
    let accounts: AccountService
    let now: @Sendable () -> Date

    struct CreateRequest: Decodable, Sendable {
        var username: String
        var displayName: String
        var role: String
        var jurisdiction: String
        var agencyId: String?
        var unitIds: [String]?
        /// The phone the person answers 112 calls on, as it registers with the switch.
        var phone: String?
        var password: String
    }

    struct UpdateRequest: Decodable, Sendable {
        var displayName: String?
        var role: String?
        var jurisdiction: String?
        var agencyId: String?
        var unitIds: [String]?
        /// An empty text takes the phone away.
        var phone: String?
        var disabled: Bool?
    }

    struct PasswordRequest: Decodable, Sendable {
        var password: String
    }

    struct UserDetailDTO: Encodable, Sendable {
        var user: UserDTO
        var openSessions: [SessionDTO]
    }

    struct SessionDTO: Encodable, Sendable {
        var id: String
        var createdAt: Date
        var lastSeenAt: Date
        var expiresAt: Date
        var address: String?
        var userAgent: String?
    }

    func addRoutes(to group: RouterGroup<AuthorizedContext>) {
        group.get("users", .userManage, use: list)
        group.post("users", .userManage, use: create)
        group.get("users/{username}", .userManage, use: show)
        group.patch("users/{username}", .userManage, use: update)
        group.post("users/{username}/password", .userManage, use: resetPassword)
        group.delete("users/{username}/sessions", .userManage, use: signOutEverywhere)
    }

    @Sendable func list(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let users = try await store.read { try await $0.users(within: context.principal.jurisdiction) }
        return try .json(ItemsDTO(items: users.map { UserDTO($0.account) }))
    }

    @Sendable func create(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let body = try await RequestBody<CreateRequest>.decode(request).value
        var errors: [FieldError] = []
        let role = Role(rawValue: body.role)
        if role == nil { errors.append(FieldError("role", .unknownValue(allowed: Role.allCases.map(\.rawValue)))) }
        let jurisdiction = Jurisdiction(body.jurisdiction)
        if jurisdiction == nil { errors.append(FieldError("jurisdiction", .invalidFormat)) }
        let phone = body.phone.flatMap(PhoneName.init)
        if body.phone != nil, phone == nil { errors.append(FieldError("phone", .invalidFormat)) }
        try ValidationError.check(errors)
        let account = UserAccount(
            username: body.username.lowercased(), displayName: body.displayName.trimmingWhitespace, role: role!,
            jurisdiction: jurisdiction!, agency: body.agencyId.map(AgencyID.init),
            units: Set((body.unitIds ?? []).map(UnitID.init)), phone: phone)
        try context.authorize(.userManage, .account(account.jurisdiction))
        let user = try await accounts.createUser(
            account, password: body.password, by: context.actor, address: context.address)
        var response = try Response.json(UserDTO(user.account), status: .created)
        response.headers[.location] = "/api/v1/users/\(account.username)"
        return response
    }

    @Sendable func show(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let user = try await user(context)
        let sessions = try await store.read {
            try await $0.openSessions(of: user.account.username, at: now())
        }
        return try .json(
            UserDetailDTO(
                user: UserDTO(user.account),
                openSessions: sessions.map {
                    SessionDTO(
                        id: $0.id, createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, expiresAt: $0.expiresAt,
                        address: $0.address, userAgent: $0.userAgent)
                }))
    }

    @Sendable func update(_ request: Request, context: AuthorizedContext) async throws -> Response {
        var account = try await user(context).account
        let body = try await RequestBody<UpdateRequest>.decode(request).value
        var errors: [FieldError] = []
        if let displayName = body.displayName { account.displayName = displayName.trimmingWhitespace }
        if let text = body.role {
            if let role = Role(rawValue: text) {
                account.role = role
            } else {
                errors.append(FieldError("role", .unknownValue(allowed: Role.allCases.map(\.rawValue))))
            }
        }
        if let text = body.jurisdiction {
            if let jurisdiction = Jurisdiction(text) {
                account.jurisdiction = jurisdiction
            } else {
                errors.append(FieldError("jurisdiction", .invalidFormat))
            }
        }
        if let agency = body.agencyId { account.agency = agency.isEmpty ? nil : AgencyID(agency) }
        if let units = body.unitIds { account.units = Set(units.map(UnitID.init)) }
        if let disabled = body.disabled { account.disabled = disabled }
        if let text = body.phone {
            if text.isEmpty {
                account.phone = nil
            } else if let phone = PhoneName(text) {
                account.phone = phone
            } else {
                errors.append(FieldError("phone", .invalidFormat))
            }
        }
        try ValidationError.check(errors)
        // Both the account as it was and as it will be must lie within the admin's reach.
        try context.authorize(.userManage, .account(account.jurisdiction))
        let user = try await accounts.updateUser(account, by: context.actor, address: context.address)
        return try .json(UserDTO(user.account))
    }

    @Sendable func resetPassword(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let user = try await user(context)
        let body = try await RequestBody<PasswordRequest>.decode(request).value
        try await accounts.resetPassword(
            of: user.account.username, to: body.password, by: context.actor, address: context.address)
        return Response(status: .noContent)
    }

    @Sendable func signOutEverywhere(_ request: Request, context: AuthorizedContext) async throws -> Response {
        let user = try await user(context)
        try await accounts.signOutEverywhere(user.account, by: context.actor, address: context.address)
        return Response(status: .noContent)
    }

    /// The user named in the path, if within the admin's reach.
    private func user(_ context: AuthorizedContext) async throws -> StoredUser {
        let username = try context.parameters.require("username")
        guard let user = try await store.read({ try await $0.user(username) }) else {
            throw AccountService.UserNotFound(username: username)
        }
        try context.authorize(.userManage, .account(user.account.jurisdiction))
        return user
    }
}
