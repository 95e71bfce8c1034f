import Foundation
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@Suite("Idempotent writes")
struct IdempotencyTests {
    @Test("A retry with the same key and request gets the stored response and writes nothing")
    func retryReplays() async throws {
        try await TestDatabase.with { database in
            // given
            let claim = IdempotencyClaim(scope: "POST /api/v1/incidents", key: "k-1", fingerprint: "abc")
            let (_, first) = try await database.store.openIncident(claim: claim)
            // when
            let (_, retry) = try await database.store.openIncident(claim: claim)
            // then
            #expect(first.replayed == false)
            #expect(retry.replayed == true)
            #expect(retry.response == first.response)
            #expect(retry.committedEventIDs.isEmpty)
            let page = try await database.store.read { try await $0.incidents(matching: IncidentQuery()) }
            #expect(page.items.count == 1)
        }
    }

    @Test("Reusing a key for a different request is refused")
    func reusedKeyIsRefused() async throws {
        try await TestDatabase.with { database in
            // given
            _ = try await database.store.openIncident(claim: IdempotencyClaim(scope: "s", key: "k", fingerprint: "one"))
            // when / then
            await #expect(throws: StoreError.idempotencyKeyReused) {
                _ = try await database.store.openIncident(
                    claim: IdempotencyClaim(scope: "s", key: "k", fingerprint: "two"))
            }
        }
    }

    @Test("The same key in another scope is another request")
    func keysAreScoped() async throws {
        try await TestDatabase.with { database in
            // when
            let (_, a) = try await database.store.openIncident(
                claim: IdempotencyClaim(scope: "a", key: "k", fingerprint: "f"))
            let (_, b) = try await database.store.openIncident(
                claim: IdempotencyClaim(scope: "b", key: "k", fingerprint: "f"))
            // then
            #expect(!a.replayed && !b.replayed)
        }
    }
}
