import Foundation
import SiagaCore
import SiagaStore

/// One user of each role per demo region, and a telephony token, all with published credentials. Seeded only by
/// `--demo` on an empty database; a real deployment starts with `siaga user add`.
///
/// | username          | role           | works for                   |
/// |-------------------|----------------|-----------------------------|
/// | operator.RRRR     | callTaker      | the region's 112 floor, phone `opRRRR` |
/// | kepala.RRRR       | supervisor     | the region's 112 floor      |
/// | damkar.RRRR       | agencyOperator | the region's Damkar         |
/// | regu.RRRR         | fieldOfficer   | Damkar's first unit (pos-1) |
/// | pimpinan.RRRR     | leader         | the region                  |
/// | admin.RRRR        | admin          | the region                  |
///
/// `RRRR` is the region code without its dot (3515 Sidoarjo, 3505 Blitar). Every password is ``password``; the
/// token `pbx.RRRR` has the secret `s112_demo_pbx_RRRR`. One national token, `bmkg-relay` with the secret
/// `s112_demo_bmkg`, hands in BMKG quake feed documents (`warning.submit`): the demo runs without internet. The token
/// `peer.3578` (`s112_demo_peer_3578`, `transfer.submit` for Sidoarjo) is the one Sidoarjo would give Kota Surabaya's
/// deployment: list Surabaya in a peers file (docs/transfer.md) and its requests are taken in.
enum DemoUsers {
    static let password = "siaga112-demo"

    static func accounts(of region: RegionCode) -> [UserAccount] {
        let rrrr = region.compact
        let damkar = AgencyID("\(rrrr)-damkar")
        let jurisdiction = Jurisdiction.region(region)
        return [
            UserAccount(
                username: "operator.\(rrrr)", displayName: "Operator 112 \(rrrr)", role: .callTaker,
                jurisdiction: jurisdiction, phone: PhoneName("op\(rrrr)")),
            UserAccount(
                username: "kepala.\(rrrr)", displayName: "Kepala Regu \(rrrr)", role: .supervisor,
                jurisdiction: jurisdiction),
            UserAccount(
                username: "damkar.\(rrrr)", displayName: "Operator Damkar \(rrrr)", role: .agencyOperator,
                jurisdiction: jurisdiction, agency: damkar),
            UserAccount(
                username: "regu.\(rrrr)", displayName: "Regu Damkar \(rrrr)", role: .fieldOfficer,
                jurisdiction: jurisdiction, agency: damkar, units: [UnitID("\(damkar.rawValue)-pos-1")]),
            UserAccount(
                username: "pimpinan.\(rrrr)", displayName: "Pimpinan \(rrrr)", role: .leader, jurisdiction: jurisdiction
            ),
            UserAccount(
                username: "admin.\(rrrr)", displayName: "Admin \(rrrr)", role: .admin, jurisdiction: jurisdiction),
        ]
    }

    /// The demo's BMKG relay, which hands in quake feed documents for every region.
    static func seedRelay(dependencies: Dependencies) async throws {
        let now = dependencies.now().truncatedToMilliseconds
        try await dependencies.store.transaction { transaction in
            try await transaction.insertToken(
                TokenRecord(
                    id: "demo-bmkg-relay", name: "bmkg-relay", jurisdiction: .nation, agency: nil,
                    permissions: [.warningSubmit], createdBy: .system("demo"), createdAt: now),
                secretHash: Secrets.hash("s112_demo_bmkg"))
            try await transaction.insertToken(
                TokenRecord(
                    id: "demo-peer-3578", name: "peer.3578", jurisdiction: .region(RegionCode("35.15")!), agency: nil,
                    permissions: [.transferSubmit], createdBy: .system("demo"), createdAt: now),
                secretHash: Secrets.hash("s112_demo_peer_3578"))
        }
    }

    static func seed(_ region: RegionCode, dependencies: Dependencies) async throws {
        let hasher = PasswordHasher(cost: dependencies.auth.passwordCost)
        // One hash for all: they share the published password, and hashing is the slow part of seeding.
        let hash = try await hasher.hash(password)
        let now = dependencies.now().truncatedToMilliseconds
        try await dependencies.store.transaction { transaction in
            for account in accounts(of: region) {
                try await transaction.insertUser(
                    StoredUser(account: account, passwordHash: hash, createdAt: now, updatedAt: now))
            }
            let secret = "s112_demo_pbx_\(region.compact)"
            try await transaction.insertToken(
                TokenRecord(
                    id: "demo-pbx-\(region.compact)", name: "pbx.\(region.compact)", jurisdiction: .region(region),
                    agency: nil, permissions: [.callWrite, .callRead, .amlSubmit], createdBy: .system("demo"),
                    createdAt: now),
                secretHash: Secrets.hash(secret))
        }
    }
}
