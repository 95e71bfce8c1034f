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

@Suite("Posts (posko) and units from CSV")
struct PoskoCSVTests {
    static let agencies = [
        Agency(id: .damkar, regionCode: Region.sidoarjo.code, code: "damkar", name: "Damkar", kind: .damkar),
        Agency(id: .psc119, regionCode: Region.sidoarjo.code, code: "psc119", name: "PSC 119", kind: .ambulans),
    ]

    @Test("Posts and the units that wait at them are read, and a unit with no position is placed at its post")
    func postsAndUnits() throws {
        let posts = try PoskoCSV.parse(
            "agency,code,name,latitude,longitude\ndamkar,waru,Pos Waru,-7.3544,112.7665\ndamkar,krian,Pos Krian,-7.3997,112.5956\n",
            agencies: Self.agencies)
        let units = try UnitCSV.parse(
            "agency,code,callsign,kind,post\ndamkar,pos-1,DAMKAR KRIAN 1,pemadam,krian\ndamkar,pos-2,DAMKAR WARU 1,pemadam,waru\n",
            agencies: Self.agencies, posts: posts)
        #expect(posts.map(\.id.rawValue) == ["3515-damkar-waru", "3515-damkar-krian"])
        #expect(units.map(\.homePost?.rawValue) == ["3515-damkar-krian", "3515-damkar-waru"])
        let byID = Dictionary(uniqueKeysWithValues: posts.map { ($0.id, $0) })
        let ranked = ResponseUnit.suggestions(units, of: .damkar, near: ResponseUnitTests.waru, posts: byID)
        #expect(ranked.map(\.callsign) == ["DAMKAR WARU 1", "DAMKAR KRIAN 1"])
    }

    @Test("Units without the post column still read; a post that does not exist is refused")
    func optionalPostColumn() throws {
        let units = try UnitCSV.parse(
            "agency,code,callsign,kind\npsc119,amb-1,AMBULANS 1,ambulans\n", agencies: Self.agencies)
        #expect(units.first?.homePost == nil)
        #expect(
            throws: CSVRejection([
                CSVRowError(row: 2, reason: .unknownValue(column: "post", value: "mars", allowed: []))
            ])
        ) {
            try UnitCSV.parse(
                "agency,code,callsign,kind,post\npsc119,amb-1,AMBULANS 1,ambulans,mars\n", agencies: Self.agencies)
        }
    }

    @Test("A post with a bad coordinate or an unknown agency is refused with its row")
    func badPosts() {
        #expect(throws: CSVRejection.self) {
            try PoskoCSV.parse(
                "agency,code,name,latitude,longitude\ndamkar,x,Pos X,-97,112\npln,y,Pos Y,-7,112\n",
                agencies: Self.agencies)
        }
        do {
            _ = try PoskoCSV.parse(
                "agency,code,name,latitude,longitude\ndamkar,x,Pos X,-97,112\npln,y,Pos Y,-7,112\n",
                agencies: Self.agencies)
        } catch {
            #expect(error.errors.map(\.row) == [2, 3])
        }
    }
}
