import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Incident projection from events")
struct IncidentEvolveTests {
    @Test("Replaying an incident's events reproduces its projection", arguments: Incident.FixtureState.allCases)
    func replayReproducesProjection(_ state: Incident.FixtureState) {
        // given
        let scenario = IncidentScenario.fixture(state)

        // when
        let replayed = Incident.replay(scenario.history)

        // then
        #expect(replayed == scenario.incident)
    }

    @Test("Replaying events read back from JSON reproduces the projection")
    func replayFromStoredEvents() throws {
        // given
        let story = try FullStory.incident()
        let stored = try JSONEncoder().encode(story.events)
        let storedMetadata = try JSONEncoder().encode(story.history.map(\.1))

        // when
        let events = try JSONDecoder().decode([IncidentEvent].self, from: stored)
        let metadata = try JSONDecoder().decode([EventMetadata].self, from: storedMetadata)
        let replayed = Incident.replay(zip(events, metadata))

        // then
        #expect(replayed == story.incident)
    }

    @Test("The version is the number of events folded in")
    func versionCountsEvents() {
        // given
        // created + callLinked, then one event per step of each fixture's story (completing Damkar's dispatch
        // adds the resolved event)
        let expected: [Incident.FixtureState: Int] = [
            .logged: 2, .classified: 3, .dispatched: 4, .resolved: 7, .closed: 8, .cancelled: 4,
        ]

        for (state, version) in expected {
            // when
            let scenario = IncidentScenario.fixture(state)

            // then
            #expect(scenario.incident.version == version, "\(state)")
            #expect(scenario.history.count == version, "\(state)")
        }
    }

    @Test("Replaying the first events of a history gives the incident as it was then")
    func replayingAPrefixGivesAnEarlierState() throws {
        // given
        let closed = IncidentScenario.fixture(.closed)

        // when
        let asClassified = Incident.replay(closed.history.prefix(3))
        let asResolved = Incident.replay(closed.history.prefix(7))

        // then
        #expect(asClassified == Incident.fixture(.classified))
        #expect(asResolved == Incident.fixture(.resolved))
    }

    @Test("A history that does not start with created replays to nothing")
    func replayNeedsCreatedFirst() {
        // given
        let history = IncidentScenario.fixture(.dispatched).history

        // when
        let withoutCreation = Incident.replay(history.dropFirst())
        let empty = Incident.replay([(IncidentEvent, EventMetadata)]())

        // then
        #expect(withoutCreation == nil)
        #expect(empty == nil)
    }

    @Test("Each event moves updatedAt to its own time; createdAt and createdBy stay with the creation")
    func timestampsFollowEvents() {
        // given, when
        let scenario = IncidentScenario.fixture(.closed)

        // then
        #expect(scenario.incident.createdAt == .t0)
        #expect(scenario.incident.createdBy == .callTaker)
        #expect(scenario.incident.updatedAt == scenario.history.last?.1.at)
        #expect(scenario.incident.updatedAt > .t0)
    }

    @Test("Notes are counted, not copied into the projection")
    func notesAreCounted() throws {
        // given
        var scenario = IncidentScenario.fixture(.closed)

        // when
        try scenario.run(.addNote("Laporan tertulis dikirim ke Damkar"))
        try scenario.run(.addNote("Foto lokasi diterima"))

        // then
        #expect(scenario.incident.noteCount == 2)
        #expect(scenario.incident.status == .closed)
    }

    @Test("Locating replaces the location with the newer, better one")
    func locatingReplacesLocation() throws {
        // given
        var scenario = IncidentScenario.fixture(.dispatched)
        let aml = Location(
            coordinate: Coordinate(latitude: -7.35471, longitude: 112.73391), source: .aml, accuracyMeters: 12)

        // when
        try scenario.run(.locate(aml))

        // then
        #expect(scenario.incident.location == aml)
    }
}
