import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Event JSON: {\"type\": …, \"data\": …}")
struct EventCodingTests {
    @Test("The stories used here produce every incident and call event type")
    func storiesCoverEveryType() throws {
        // given, when
        let stories =
            try FullStory.incident().events + FullStory.quakeIncident().events
            + FullStory.transferredIncident()
        let incidentTypes = Set(stories.map(\.type))
        let callTypes = Set(try FullStory.call().events.map(\.type))

        // then
        #expect(incidentTypes == Set(IncidentEvent.EventType.allCases))
        #expect(callTypes == Set(CallEvent.EventType.allCases))
    }

    @Test(
        "Every incident event round-trips through JSON as type and data",
        arguments: try FullStory.incident().events + FullStory.transferredIncident())
    func incidentEventRoundTrips(_ event: IncidentEvent) throws {
        // when
        let json = try JSONEncoder().encode(event)
        let decoded = try JSONDecoder().decode(IncidentEvent.self, from: json)

        // then
        #expect(decoded == event)
        try Self.expectTypeAndData(json, type: event.type.rawValue)
    }

    @Test("Every call event round-trips through JSON as type and data", arguments: try FullStory.call().events)
    func callEventRoundTrips(_ event: CallEvent) throws {
        // when
        let json = try JSONEncoder().encode(event)
        let decoded = try JSONDecoder().decode(CallEvent.self, from: json)

        // then
        #expect(decoded == event)
        try Self.expectTypeAndData(json, type: event.type.rawValue)
    }

    @Test("A note is stored as {type: noteAdded, data: {text}}")
    func noteAddedWireFormat() throws {
        // given
        var scenario = IncidentScenario.fixture(.logged)
        let events = try scenario.run(.addNote("Pelapor mendengar ledakan"))

        // when
        let json = try Self.sortedEncoder.encode(try #require(events.first))

        // then
        #expect(
            String(decoding: json, as: UTF8.self)
                == #"{"data":{"text":"Pelapor mendengar ledakan"},"type":"noteAdded"}"#)
    }

    @Test("An answered call is stored with empty data")
    func callAnsweredWireFormat() throws {
        // given
        var scenario = CallScenario.fixture(.ringing)
        let events = try scenario.run(.answer)

        // when
        let json = try Self.sortedEncoder.encode(try #require(events.first))

        // then
        #expect(String(decoding: json, as: UTF8.self) == #"{"data":{},"type":"callAnswered"}"#)
    }

    @Test("Stored event fields spell identifiers camelCase, as the API does (agencyId, callId, incidentId)")
    func identifierKeysAreCamelCase() throws {
        // given
        let events: [any Encodable] = try FullStory.incident().events + FullStory.call().events

        // when
        let keys = try events.flatMap {
            try Self.keys(in: JSONSerialization.jsonObject(with: JSONEncoder().encode($0)))
        }

        // then
        #expect(keys.filter { $0.contains("ID") }.isEmpty)
        #expect(Set(["agencyId", "callId", "incidentId"]).isSubset(of: keys))
    }

    @Test("An event of a type this version does not know is refused, not guessed")
    func unknownTypeIsRefused() {
        // given
        let json = Data(#"{"type":"exploded","data":{}}"#.utf8)

        // when, then
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IncidentEvent.self, from: json) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CallEvent.self, from: json) }
    }

    static var sortedEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Every object key in a decoded JSON value, at any depth.
    static func keys(in json: Any) -> [String] {
        switch json {
        case let object as [String: Any]: object.keys + object.values.flatMap { keys(in: $0) }
        case let array as [Any]: array.flatMap { keys(in: $0) }
        default: []
        }
    }

    /// Checks that `json` is an object of exactly `type` (a string) and `data` (an object).
    static func expectTypeAndData(_ json: Data, type: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["type", "data"], sourceLocation: sourceLocation)
        #expect(object["type"] as? String == type, sourceLocation: sourceLocation)
        #expect(object["data"] is [String: Any], sourceLocation: sourceLocation)
    }
}
