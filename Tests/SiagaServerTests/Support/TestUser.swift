import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Synchronization

@testable import SiagaServer

/// A person the API tests act as. Each is created on first use, with a real session.
struct TestUser: Hashable, Sendable {
    var account: UserAccount
    /// What an integration's token may do.
    var tokenPermissions: Set<Permission> = [.amlSubmit, .callWrite]

    /// Kepala regu with national reach: may do all the floor's work anywhere (the default for behaviour tests).
    static let supervisor = TestUser(role: .supervisor, "uji.kepala", in: .nation)
    /// Admin with national reach: onboarding, agencies, matrices, users.
    static let admin = TestUser(role: .admin, "uji.admin", in: .nation)
    static let supervisorSidoarjo = TestUser(
        role: .supervisor, "uji.kepala.sidoarjo", in: .region(RegionCode("35.15")!))
    static let callTaker = TestUser(role: .callTaker, "uji.operator", in: .region(RegionCode("35.15")!))
    static let sidoarjoAdmin = TestUser(role: .admin, "uji.admin.sidoarjo", in: .region(RegionCode("35.15")!))
    static let leader = TestUser(role: .leader, "uji.pimpinan", in: .region(RegionCode("35.15")!))
    static let damkarOperator = TestUser(
        role: .agencyOperator, "uji.damkar", in: .region(RegionCode("35.15")!), agency: .damkar)
    static let pscOperator = TestUser(
        role: .agencyOperator, "uji.psc", in: .region(RegionCode("35.15")!), agency: .psc119)
    static let damkarCrew = TestUser(
        role: .fieldOfficer, "uji.regu.waru", in: .region(RegionCode("35.15")!), agency: .damkar,
        units: [.damkarWaru1])
    static let blitarCallTaker = TestUser(role: .callTaker, "uji.operator.blitar", in: .region(RegionCode("35.05")!))
    /// A call taker whose desk phone `meja1` rings for the region's 112 calls while they are signed in.
    static let callTakerAtPhone = TestUser(
        role: .callTaker, "uji.operator.meja1", in: .region(RegionCode("35.15")!), phone: "meja1")

    /// The SMS gateway's API token: delivers AML messages and records calls, anywhere.
    static let smsGateway = TestUser(role: .integration, "sms-gateway", in: .nation)
    /// The token Blitar's deployment issued to Kota Surabaya's: hands in Surabaya's requests and answers for Blitar.
    static let surabayaPeer = TestUser(
        role: .integration, "peer.3578", in: .region(RegionCode("35.05")!), tokenPermissions: [.transferSubmit])

    init(
        role: Role, _ username: String, in jurisdiction: Jurisdiction, agency: AgencyID? = nil, units: Set<UnitID> = [],
        phone: String? = nil, tokenPermissions: Set<Permission> = [.amlSubmit, .callWrite]
    ) {
        self.tokenPermissions = tokenPermissions
        account = UserAccount(
            username: username, displayName: username, role: role, jurisdiction: jurisdiction, agency: agency,
            units: units, phone: phone.flatMap(PhoneName.init))
    }

    /// The password every test user is created with.
    static let password = "kata-sandi-uji-112"
}

/// Sessions of the test users, created straight in the store on first use (hashing with the test cost).
final class TestSessions: Sendable {
    struct Session: Sendable {
        var secret: String
        var csrf: String
        var isToken = false
    }

    let dependencies: Dependencies
    /// One creation per user even when concurrent requests ask at once.
    private let cache = Mutex<[String: Task<Session, any Error>]>([:])

    init(dependencies: Dependencies) { self.dependencies = dependencies }

    func session(for user: TestUser) async throws -> Session {
        let task = cache.withLock { tasks in
            if let task = tasks[user.account.username] { return task }
            let task = Task { try await self.create(user) }
            tasks[user.account.username] = task
            return task
        }
        return try await task.value
    }

    private func create(_ user: TestUser) async throws -> Session {
        let store = dependencies.store
        if user.account.role == .integration {
            let secret = Secrets.random(prefix: "s112_")
            let token = TokenRecord(
                id: Secrets.publicID(), name: user.account.username, jurisdiction: user.account.jurisdiction,
                agency: nil, permissions: user.tokenPermissions, createdBy: .system("uji"),
                createdAt: dependencies.now())
            try await store.transaction { try await $0.insertToken(token, secretHash: Secrets.hash(secret)) }
            return Session(secret: secret, csrf: "", isToken: true)
        }
        if try await store.read({ try await $0.user(user.account.username) }) == nil {
            let now = dependencies.now()
            try await store.transaction {
                try await $0.insertUser(
                    StoredUser(
                        account: user.account, passwordHash: try await PasswordHasher(cost: 4).hash(TestUser.password),
                        createdAt: now, updatedAt: now))
            }
        }
        let now = dependencies.now()
        let session = Session(secret: Secrets.random(), csrf: Secrets.random())
        let record = SessionRecord(
            id: Secrets.publicID(), username: user.account.username, csrfToken: session.csrf, createdAt: now,
            lastSeenAt: now.addingTimeInterval(3650 * 86400), expiresAt: now.addingTimeInterval(3650 * 86400))
        try await store.transaction { try await $0.insertSession(record, secretHash: Secrets.hash(session.secret)) }
        return session
    }
}
