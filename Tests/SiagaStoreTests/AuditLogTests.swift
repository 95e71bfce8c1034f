import Foundation
import SQLKit
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Audit log storage")
struct AuditLogTests {
    @Test("Entries only accumulate: the database itself refuses to change or delete one")
    func appendOnly() async throws {
        try await TestDatabase.with { database in
            let entry = AuditEntry(
                at: .t0, actor: .supervisor, action: .userCreated, target: "ayu", region: RegionCode("35.15"),
                address: "10.0.0.5", detail: ["role": "callTaker"])
            try await database.store.transaction { try await $0.appendAudit(entry) }
            await #expect(throws: (any Error).self) {
                try await database.store.backend.withWriter {
                    try await $0.raw("UPDATE audit_log SET target = 'x'").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await database.store.backend.withWriter { try await $0.raw("DELETE FROM audit_log").run() }
            }
            let stored = try await database.store.read { try await $0.auditEntries(AuditQuery()) }
            #expect(stored.count == 1)
            #expect(stored.first?.target == "ayu")
            #expect(stored.first?.detail == ["role": "callTaker"])
        }
    }

    @Test("Failed sign-ins are counted since the account's last success, within the window")
    func failureCount() async throws {
        try await TestDatabase.with { database in
            func add(_ action: AuditAction, _ at: Date) async throws {
                try await database.store.transaction {
                    try await $0.appendAudit(AuditEntry(at: at, actor: .callTaker, action: action, target: "ayu"))
                }
            }
            try await add(.loginFailed, .t0)
            try await add(.loginFailed, .t0.addingTimeInterval(60))
            try await add(.loginSucceeded, .t0.addingTimeInterval(120))
            try await add(.loginFailed, .t0.addingTimeInterval(180))
            let count = try await database.store.read {
                try await $0.countAudit(.loginFailed, target: "ayu", since: .t0, resetBy: .loginSucceeded)
            }
            let withoutReset = try await database.store.read {
                try await $0.countAudit(.loginFailed, target: "ayu", since: .t0.addingTimeInterval(30))
            }
            #expect(count == 1)
            #expect(withoutReset == 2)
        }
    }
}
