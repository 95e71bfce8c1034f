import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

/// An event's JSON is one contract for the log and the API: the store keeps it, `GET /incidents/{id}/events` and
/// the live feed send it under their envelope. Events are only ever added to, never changed, so the same rule
/// serves both; these fixtures pin the shape, so a renamed field or case fails here before it reaches a database
/// or a client. After a deliberate addition, rerun with `SIAGA_RECORD_FIXTURES=1` and review the diff.
@Suite("Event JSON is a pinned contract")
struct EventContractTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("Every incident event encodes as the fixture written by this version, and the fixture still reads")
    func incidentEventsMatchTheirFixture() throws {
        try Self.expectPinned(try FullStory.incident().events, as: "incident-events.json")
    }

    @Test("An incident a system opened, verified by a call taker, encodes as its fixture, and the fixture still reads")
    func verificationEventsMatchTheirFixture() throws {
        try Self.expectPinned(try FullStory.quakeIncident().events, as: "incident-verification-events.json")
    }

    @Test("An incident handed over to neighbouring centers, and the one opened from it, encode as their fixture")
    func transferEventsMatchTheirFixture() throws {
        try Self.expectPinned(try FullStory.transferredIncident(), as: "incident-transfer-events.json")
    }

    @Test("Every call event encodes as the fixture written by this version, and the fixture still reads")
    func callEventsMatchTheirFixture() throws {
        try Self.expectPinned(try FullStory.call().events, as: "call-events.json")
    }

    static func expectPinned<Event: Codable & Equatable>(
        _ events: [Event], as name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let file = fixtures.appendingPathComponent(name)
        let encoded = try encoder.encode(events)
        if ProcessInfo.processInfo.environment["SIAGA_RECORD_FIXTURES"] == "1" {
            try encoded.write(to: file)
        }
        let pinned = try Data(contentsOf: file)
        #expect(try decoder.decode([Event].self, from: pinned) == events, sourceLocation: sourceLocation)
        #expect(
            String(decoding: encoded, as: UTF8.self) == String(decoding: pinned, as: UTF8.self),
            "the JSON of an event changed; if deliberate (an added field or case), record the fixture again",
            sourceLocation: sourceLocation)
    }
}
