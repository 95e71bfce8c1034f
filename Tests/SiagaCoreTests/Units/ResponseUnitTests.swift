import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Units in the field")
struct ResponseUnitTests {
    static let waru = Coordinate(latitude: -7.3545, longitude: 112.7340)!
    static let sidoarjoKota = Coordinate(latitude: -7.4478, longitude: 112.7183)!

    static func unit(
        _ id: String, _ status: UnitStatus = .available, at point: Coordinate? = nil, agency: AgencyID = .damkar
    )
        -> ResponseUnit
    {
        ResponseUnit(
            id: UnitID(id), agencyID: agency, callsign: id.uppercased(), kind: "pemadam", status: status,
            lastPosition: point.map { UnitPosition(coordinate: $0, at: .t0) })
    }

    @Test("Straight-line distance between Waru and Sidoarjo town is about ten kilometres")
    func distance() {
        let metres = Self.waru.distance(to: Self.sidoarjoKota)
        #expect((10_000...11_000).contains(metres), "\(metres)")
        #expect(Self.waru.distance(to: Self.waru) == 0)
    }

    @Test("A unit follows its dispatch and is free again when the dispatch ends")
    func statusFollowsDispatch() {
        #expect(UnitStatus.following(.unitAssigned) == .assigned)
        #expect(UnitStatus.following(.enRoute) == .enRoute)
        #expect(UnitStatus.following(.onScene) == .onScene)
        for ended in [DispatchStatus.completed, .declined, .rerouted, .cancelled] {
            #expect(UnitStatus.following(ended) == .available)
        }
    }

    @Test("A position older than the last is ignored, one too soon after it is refused with the wait")
    func positionUpdates() {
        let unit = Self.unit("pos-1", at: Self.waru)
        #expect(unit.decide(UnitPosition(coordinate: Self.sidoarjoKota, at: .t0 - 1)) == .stale)
        #expect(unit.decide(UnitPosition(coordinate: Self.sidoarjoKota, at: .t0)) == .stale)
        #expect(unit.decide(UnitPosition(coordinate: Self.sidoarjoKota, at: .t0 + 2)) == .tooSoon(retryAfter: 3))
        #expect(unit.decide(UnitPosition(coordinate: Self.sidoarjoKota, at: .t0 + 5)) == .accepted)
        #expect(Self.unit("baru").decide(UnitPosition(coordinate: Self.waru, at: .t0)) == .accepted)
    }

    @Test("Suggestions are the agency's available units, nearest first, those without a position last")
    func suggestions() {
        let units = [
            Self.unit("far", at: Self.sidoarjoKota), Self.unit("near", at: Self.waru), Self.unit("unknown"),
            Self.unit("busy", .enRoute, at: Self.waru), Self.unit("other", at: Self.waru, agency: .psc119),
        ]
        let ranked = ResponseUnit.suggestions(units, of: .damkar, near: Self.waru)
        #expect(ranked.map(\.id.rawValue) == ["near", "far", "unknown"])
    }
}

@Suite("Possible duplicates at intake")
struct DuplicateCandidatesTests {
    static func incident(_ id: String, minutesAgo: Double, at point: Coordinate?, category: String = "kebakaran")
        -> Incident
    {
        var incident = Incident.fixture(
            .classified, id: IncidentID(id), location: point.map { Location(coordinate: $0, source: .caller) },
            at: .t0 - minutesAgo * 60)
        incident.classification = Classification(category: category)
        return incident
    }

    @Test("Open incidents of the same category nearby and recent are proposed, nearest first")
    func nearbyRecentSameCategory() {
        let waru = ResponseUnitTests.waru
        let near = Coordinate(latitude: -7.3560, longitude: 112.7350)!
        let incidents = [
            Self.incident("close", minutesAgo: 10, at: near),
            Self.incident("here", minutesAgo: 30, at: waru),
            Self.incident("far", minutesAgo: 10, at: ResponseUnitTests.sidoarjoKota),
            Self.incident("old", minutesAgo: 180, at: waru),
            Self.incident("flood", minutesAgo: 10, at: waru, category: "bencana-alam"),
            Self.incident("unplaced", minutesAgo: 5, at: nil),
        ]
        let found = DuplicateCandidates.find(in: incidents, category: "kebakaran", near: waru, now: .t0)
        #expect(found.map(\.id.rawValue) == ["here", "close", "unplaced"])
    }

    @Test("Closed incidents are not proposed")
    func closedNotProposed() {
        let closed = Incident.fixture(.closed, at: .t0 - 600)
        #expect(DuplicateCandidates.find(in: [closed], category: "kebakaran", near: nil, now: .t0).isEmpty)
    }
}
