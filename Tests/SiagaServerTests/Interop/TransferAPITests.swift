import Foundation
import HTTPTypes
import SiagaCore
import SiagaStore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Handing an incident over to a neighbouring region's 112, within one deployment and from another")
struct TransferAPITests {
    static let regions = [Region.sidoarjo, Region.blitar]

    /// A house fire with its caller, opened by Sidoarjo's call taker.
    func fire(_ app: TestApp) async throws -> String {
        let opened = try await app.send(
            .post, "/incidents",
            json: [
                "regionCode": "35.15", "category": "kebakaran", "subcategory": "rumah",
                "description": "Rumah terbakar di perbatasan", "callerNumber": "081234567890",
                "location": [
                    "latitude": -7.354386, "longitude": 112.766457, "address": "Jl. Perbatasan 3", "source": "caller",
                ],
            ], as: .callTaker)
        return try #require(opened["incident.id"] as? String, "\(opened.text)")
    }

    func offer(_ app: TestApp, _ id: String, to peer: String = "35.05") async throws -> TestResponse {
        try await app.send(
            .post, "/incidents/\(id)/transfers", json: ["peer": peer, "reason": "Lokasi di wilayah tetangga"],
            as: .callTaker)
    }

    func tray(_ app: TestApp, _ region: String = "35.05", as user: TestUser = .blitarCallTaker) async throws
        -> [[String: Any]]
    {
        try await app.send(.get, "/regions/\(region)/transfers", as: user)["items"] as? [[String: Any]] ?? []
    }

    func transfer(_ app: TestApp, _ id: String) async throws -> [String: Any] {
        let incident = try await app.send(.get, "/incidents/\(id)", as: .callTaker)
        return (incident["transfers"] as? [[String: Any]])?.last ?? [:]
    }

    @Test("Offered to Blitar, accepted there: a new incident opens from it and each timeline names the other's number")
    func acceptedWithinOneDeployment() async throws {
        try await TestApp.run(regions: Self.regions) { app in
            // given
            let peers = try await app.send(.get, "/regions/35.15/transfer-peers", as: .callTaker)
            #expect((peers["items"] as? [[String: Any]])?.map { $0["regionCode"] as? String } == ["35.05"])
            let id = try await fire(app)

            // when
            let offered = try await offer(app, id)
            #expect(offered.status == .created, "\(offered.text)")
            let transferID = try #require(offered["transfer.id"] as? String)
            let pending = try await tray(app)
            #expect(pending.map { $0["state"] as? String } == ["pending"])
            #expect((pending.first?["summary"] as? String)?.contains("Rumah terbakar") == true)
            #expect(pending.first?["document"] == nil, "the EIDO with the caller stays on the server")
            let accepted = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", headers: [.init("Idempotency-Key")!: "a-1"],
                as: .blitarCallTaker)

            // then
            #expect(accepted.status == .created, "\(accepted.text)")
            let newID = try #require(accepted["incidentId"] as? String)
            let newNumber = try #require(accepted["incidentNumber"] as? String)
            #expect(newNumber.hasPrefix("3505-"))
            let opened = try await app.send(.get, "/incidents/\(newID)", as: .blitarCallTaker)
            #expect(opened["regionCode"] as? String == "35.05")
            #expect(opened["callerNumber"] as? String == "+6281234567890")
            let origin = try #require(opened["transferredFrom"] as? [String: Any])
            #expect((origin["incidentNumber"] as? String)?.hasPrefix("3515-") == true)
            let answered = try await transfer(app, id)
            #expect(answered["state"] as? String == "accepted")
            #expect(answered["peerIncidentNumber"] as? String == newNumber)
            let timeline = try await app.send(.get, "/incidents/\(id)/events", as: .callTaker)
            let types = (timeline["items"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? []
            #expect(types.suffix(2) == ["transferRequested", "transferAccepted"])
            let again = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", headers: [.init("Idempotency-Key")!: "a-1"],
                as: .blitarCallTaker)
            #expect(again.status == .created && again["incidentId"] as? String == newID, "a retry is the same answer")
        }
    }

    @Test("Declined with a reason: the sender reads it, may ask again, and the tray refuses a second answer")
    func declined() async throws {
        try await TestApp.run(regions: Self.regions) { app in
            let id = try await fire(app)
            let transferID = try #require(try await offer(app, id)["transfer.id"] as? String)
            let blank = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/decline", json: ["reason": " "], as: .blitarCallTaker)
            #expect(blank.status == .badRequest || blank.status == .unprocessableContent, "\(blank.text)")
            let declined = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/decline",
                json: ["reason": "Alamat masih wilayah Sidoarjo"], as: .blitarCallTaker)
            #expect(declined.status == .ok, "\(declined.text)")
            let answer = try await transfer(app, id)
            #expect(answer["state"] as? String == "declined")
            #expect(answer["endReason"] as? String == "Alamat masih wilayah Sidoarjo")
            let late = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", as: .blitarCallTaker)
            #expect(late.status == .conflict, "\(late.text)")
            #expect(late["reason"] as? String == "receivedTransferNotPending")
            #expect(try await offer(app, id).status == .created, "asked again after a decline")
        }
    }

    @Test("Unanswered past its time: the call taker is told to phone the neighbour; a late acceptance still counts")
    func unanswered() async throws {
        let phones = TransferSettings(phones: [Region.blitar.code: "0342-112"], answerWithin: .seconds(90))
        try await TestApp.run(regions: Self.regions, transfers: phones) { app in
            let id = try await fire(app)
            let transferID = try #require(try await offer(app, id)["transfer.id"] as? String)
            let service = TransferService(dependencies: app.dependencies)
            app.clock.advance(by: 89)
            #expect(try await service.markOverdue() == 0)
            app.clock.advance(by: 2)
            #expect(try await service.markOverdue() == 1)
            #expect(try await service.markOverdue() == 0)
            let overdue = try await transfer(app, id)
            #expect(overdue["state"] as? String == "unanswered")
            #expect(overdue["peerPhone"] as? String == "0342-112")
            let accepted = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", as: .blitarCallTaker)
            #expect(accepted.status == .created, "\(accepted.text)")
            #expect(try await transfer(app, id)["state"] as? String == "accepted")
        }
    }

    @Test("Withdrawn by the sender: the neighbour's tray shows it withdrawn and it can no longer be accepted")
    func withdrawn() async throws {
        try await TestApp.run(regions: Self.regions) { app in
            let id = try await fire(app)
            let transferID = try #require(try await offer(app, id)["transfer.id"] as? String)
            let withdrawn = try await app.send(
                .post, "/incidents/\(id)/transfers/\(transferID)/withdraw", json: ["reason": "Sudah ditelepon"],
                as: .callTaker)
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            #expect(try await tray(app).first?["state"] as? String == "withdrawn")
            let accepted = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", as: .blitarCallTaker)
            #expect(accepted.status == .conflict)
        }
    }

    @Test("Only the incident's region offers it, only the neighbour answers, and an unknown peer is named as such")
    func access() async throws {
        try await TestApp.run(regions: Self.regions) { app in
            let id = try await fire(app)
            let foreign = try await app.send(
                .post, "/incidents/\(id)/transfers", json: ["peer": "35.05", "reason": "x"], as: .blitarCallTaker)
            #expect(foreign.status == .forbidden || foreign.status == .notFound, "\(foreign.text)")
            let unknown = try await offer(app, id, to: "35.78")
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableContent, "\(unknown.text)")
            #expect(unknown["errors.0.field"] as? String == "peer")
            let own = try await offer(app, id, to: "35.15")
            #expect(own["errors.0.field"] as? String == "peer", "\(own.text)")
            let transferID = try #require(try await offer(app, id)["transfer.id"] as? String)
            let twice = try await offer(app, id)
            #expect(twice.status == .conflict && twice["reason"] as? String == "transferPending")
            let sidoarjoTray = try await app.send(.get, "/regions/35.05/transfers", as: .callTaker)
            #expect(sidoarjoTray.status == .forbidden)
            let answeredBySender = try await app.send(
                .post, "/regions/35.05/transfers/\(transferID)/accept", as: .callTaker)
            #expect(answeredBySender.status == .forbidden)
        }
    }

    /// Surabaya's deployment, listed as Blitar's neighbour for this test: its requests arrive over the interop API.
    static let surabaya = TransferSettings(
        remotes: [
            .init(
                region: RegionCode("35.78")!, name: "112 Kota Surabaya", url: URL(string: "http://127.0.0.1:9")!,
                token: "s112_peer", phone: "031-112", neighbours: [Region.blitar.code])
        ])

    /// A request as Surabaya's deployment sends it.
    func remoteOffer(_ app: TestApp, transferID: String = "sby-1", reason: String = "Korban dibawa ke Blitar")
        async throws -> [String: Any]
    {
        let id = try await fire(app)
        let eido = try await app.send(.get, "/incidents/\(id)/eido", as: .callTaker).json
        return [
            "transferId": transferID, "fromRegion": "35.78", "fromName": "Command Center 112 Kota Surabaya",
            "fromIncidentNumber": "3578-261207-0009", "toRegion": "35.05", "reason": reason, "priority": "P1",
            "eido": eido,
        ]
    }

    @Test("From another deployment: a listed neighbour's request lands in the tray once; strangers are refused")
    func fromAnotherDeployment() async throws {
        try await TestApp.run(regions: Self.regions, transfers: Self.surabaya) { app in
            let offer = try await remoteOffer(app)
            let first = try await app.send(.post, "/interop/transfers", json: offer, as: .surabayaPeer)
            #expect(first.status == .created, "\(first.text)")
            let again = try await app.send(.post, "/interop/transfers", json: offer, as: .surabayaPeer)
            #expect(again.status == .ok, "the same request sent again: \(again.text)")
            #expect(try await tray(app).count == 1)
            var toSidoarjo = offer
            toSidoarjo["toRegion"] = "35.15"
            toSidoarjo["transferId"] = "sby-2"
            let outside = try await app.send(.post, "/interop/transfers", json: toSidoarjo, as: .surabayaPeer)
            #expect(outside.status == .forbidden, "the token is Blitar's: \(outside.text)")
            var stranger = offer
            stranger["fromRegion"] = "35.16"
            stranger["transferId"] = "moj-1"
            let unknown = try await app.send(.post, "/interop/transfers", json: stranger, as: .surabayaPeer)
            #expect(unknown.status == .forbidden && unknown["type"] as? String == "urn:siaga112:problem:unknown-peer")
            let byPerson = try await app.send(.post, "/interop/transfers", json: offer, as: .blitarCallTaker)
            #expect(byPerson.status == .forbidden)
        }
    }

    @Test("A malformed request from a neighbour is refused with every field named, and nothing reaches the tray")
    func malformedFromAnotherDeployment() async throws {
        try await TestApp.run(regions: Self.regions, transfers: Self.surabaya) { app in
            var offer = try await remoteOffer(app, reason: "")
            var eido = offer["eido"] as? [String: Any] ?? [:]
            eido["eidoVersion"] = "2.0"
            eido["notesComponent"] = []
            offer["eido"] = eido
            let refused = try await app.send(.post, "/interop/transfers", json: offer, as: .surabayaPeer)
            #expect(refused.status == .badRequest || refused.status == .unprocessableContent, "\(refused.text)")
            let fields = Set((refused["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
            #expect(fields == ["reason", "eido.eidoVersion", "eido.notesComponent"], "\(refused.text)")
            #expect(try await tray(app).isEmpty)
            let garbled = try await app.send(.post, "/interop/transfers", raw: "{\"transferId\": 5", as: .surabayaPeer)
            #expect(garbled.status == .badRequest)
        }
    }

    @Test("Accepting a neighbour's request queues the answer for its deployment; its answer to ours is recorded once")
    func answersBetweenDeployments() async throws {
        let remote = TransferSettings(
            remotes: Self.surabaya.remotes + [
                .init(
                    region: RegionCode("35.78")!, name: "112 Kota Surabaya", url: URL(string: "http://127.0.0.1:9")!,
                    token: "s112_peer", phone: nil, neighbours: [Region.sidoarjo.code])
            ])
        try await TestApp.run(regions: Self.regions, transfers: remote) { app in
            let theirs = try await remoteOffer(app)
            _ = try await app.send(.post, "/interop/transfers", json: theirs, as: .surabayaPeer)
            let accepted = try await app.send(.post, "/regions/35.05/transfers/sby-1/accept", as: .blitarCallTaker)
            #expect(accepted.status == .created, "\(accepted.text)")
            let queued = try await app.dependencies.store.read { try await $0.dueInteropMessages(at: app.clock.now()) }
            let answer = try #require(queued.first { $0.path == "/api/v1/interop/transfers/sby-1/answer" })
            #expect(answer.peer == RegionCode("35.78")!)
            #expect(answer.body.contains("\"accepted\":true") && answer.body.contains("3505-"))

            // Sidoarjo offers one of its own to Surabaya, over the network.
            let id = try await fire(app)
            let ours = try await offer(app, id, to: "35.78")
            #expect(ours.status == .created, "\(ours.text)")
            let transferID = try #require(ours["transfer.id"] as? String)
            let outbox = try await app.dependencies.store.read { try await $0.dueInteropMessages(at: app.clock.now()) }
            let request = try #require(outbox.first { $0.id == "\(transferID)-request" })
            #expect(request.path == "/api/v1/interop/transfers" && request.body.contains("\"toRegion\":\"35.78\""))
            let sidoarjoPeer = TestUser(
                role: .integration, "peer.3578.sda", in: .region(Region.sidoarjo.code),
                tokenPermissions: [.transferSubmit])
            let reply: [String: Any] = ["fromRegion": "35.78", "accepted": true, "incidentNumber": "3578-261207-0011"]
            let recorded = try await app.send(
                .post, "/interop/transfers/\(transferID)/answer", json: reply, as: sidoarjoPeer)
            #expect(recorded.status == .ok, "\(recorded.text)")
            #expect(recorded["peerIncidentNumber"] as? String == "3578-261207-0011")
            let again = try await app.send(
                .post, "/interop/transfers/\(transferID)/answer", json: reply, as: sidoarjoPeer)
            #expect(again.status == .ok, "the same answer delivered twice: \(again.text)")
            var fromElsewhere = reply
            fromElsewhere["fromRegion"] = "35.16"
            let wrong = try await app.send(
                .post, "/interop/transfers/\(transferID)/answer", json: fromElsewhere, as: sidoarjoPeer)
            #expect(wrong.status == .forbidden)
        }
    }
}
