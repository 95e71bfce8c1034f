import Foundation
import SiagaServer
import Testing

/// Two real deployments on loopback, each with its own database and peers file: Sidoarjo's (the demo) and Kota
/// Surabaya's (onboarded from CSV). Incidents are handed over both ways through the interop API, and a neighbour
/// that is down receives the request when it is back.
@Suite("Transfer between two Siaga112 deployments", .serialized)
struct TransferBetweenServersTests {
    struct Deployment {
        var database: String
        var port: Int
        /// Acts for the region's call takers (incident.read/create/update).
        var desk: String
        /// What the other deployment presents when it sends here (transfer.submit).
        var peerToken: String
    }

    static let wait: Duration = .milliseconds(100)

    /// Polls `check` until it gives a value, for up to 15 s: the other deployment's outbox delivers every second.
    static func eventually<T>(_ what: String, _ check: () async throws -> T?) async throws -> T {
        for _ in 0..<150 {
            if let value = try await check() { return value }
            try await Task.sleep(for: wait)
        }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "never happened: \(what)"])
    }

    static func prepare() throws -> (sidoarjo: Deployment, surabaya: Deployment) {
        let (portA, portB) = SiagaProcess.freePorts()
        let (databaseA, databaseB) = (SiagaProcess.temporaryDatabase(), SiagaProcess.temporaryDatabase())
        let demo = try SiagaProcess.run(["demo", "--database", databaseA])
        try #require(demo.status == 0, "\(demo.output)")
        let agencies = FileManager.default.temporaryDirectory.appendingPathComponent("sby-\(UUID()).csv").path
        try """
        code,name,kind,phone,channel
        damkar,Dinas Pemadam Kebakaran dan Penyelamatan Kota Surabaya,damkar,031-3533200,console
        psc119,PSC 119 Kota Surabaya,ambulans,119,console
        """.write(toFile: agencies, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: agencies) }
        let onboarded = try SiagaProcess.run(
            ["region", "add", "35.78", "--agencies", agencies, "--database", databaseB], includingErrors: true)
        try #require(onboarded.status == 0, "\(onboarded.output)")
        let desk = ["incident.read", "incident.create", "incident.update", "caller.read"]
        return (
            Deployment(
                database: databaseA, port: portA,
                desk: try token("meja", databaseA, desk, "35.15"),
                peerToken: try token("peer.surabaya", databaseA, ["transfer.submit"], "35.15")),
            Deployment(
                database: databaseB, port: portB,
                desk: try token("meja", databaseB, desk, "35.78"),
                peerToken: try token("peer.sidoarjo", databaseB, ["transfer.submit"], "35.78"))
        )
    }

    /// A token made with `siaga token create`; returns its secret (the last line printed).
    static func token(_ name: String, _ database: String, _ permissions: [String], _ jurisdiction: String) throws
        -> String
    {
        let created = try SiagaProcess.run(
            ["token", "create", name, "--database", database, "--jurisdiction", jurisdiction]
                + permissions.flatMap { ["--permission", $0] }, includingErrors: true)
        guard created.status == 0, let secret = created.output.split(separator: "\n").last, secret.hasPrefix("s112_")
        else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: created.output]) }
        return String(secret)
    }

    /// `deployment`'s peers file: the other one, at its address, with the token the other issued.
    static func peersFile(to other: Deployment, region: String, name: String, phone: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peers-\(UUID()).json").path
        let file: [String: Any] = [
            "answerWithinSeconds": 60,
            "peers": [
                [
                    "region": region, "name": name, "url": "http://127.0.0.1:\(other.port)", "token": other.peerToken,
                    "phone": phone,
                ]
            ],
        ]
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func serve(_ deployment: Deployment, peers: String) async throws -> Process {
        try await SiagaProcess.serve(database: deployment.database, port: deployment.port, extra: ["--peers", peers])
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Opens an incident in `region` as its desk and returns its id and number.
    static func open(_ deployment: Deployment, region: String, _ description: String) async throws
        -> (id: String, number: String)
    {
        let (status, body) = try await SiagaProcess.request(
            "POST", port: deployment.port, path: "/api/v1/incidents", token: deployment.desk,
            json: json([
                "regionCode": region, "category": "kebakaran", "description": description,
                "callerNumber": "081234567890",
            ]))
        let incident = body["incident"] as? [String: Any]
        guard status == 201, let id = incident?["id"] as? String, let number = incident?["number"] as? String else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "open: \(status) \(body)"])
        }
        return (id, number)
    }

    static func offer(_ deployment: Deployment, _ id: String, to peer: String) async throws -> String {
        let (status, body) = try await SiagaProcess.request(
            "POST", port: deployment.port, path: "/api/v1/incidents/\(id)/transfers", token: deployment.desk,
            json: json(["peer": peer, "reason": "Lokasi kejadian di wilayah tetangga"]))
        guard status == 201, let transfer = (body["transfer"] as? [String: Any])?["id"] as? String else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "offer: \(status) \(body)"])
        }
        return transfer
    }

    static func pending(_ deployment: Deployment, region: String, _ transfer: String) async throws -> [String: Any]? {
        let (_, tray) = try await SiagaProcess.request(
            "GET", port: deployment.port, path: "/api/v1/regions/\(region)/transfers", token: deployment.desk)
        return (tray["items"] as? [[String: Any]])?.first {
            $0["id"] as? String == transfer && $0["state"] as? String == "pending"
        }
    }

    static func transfer(_ deployment: Deployment, incident id: String) async throws -> [String: Any]? {
        let (_, incident) = try await SiagaProcess.request(
            "GET", port: deployment.port, path: "/api/v1/incidents/\(id)", token: deployment.desk)
        return (incident["transfers"] as? [[String: Any]])?.last
    }

    @Test("Sidoarjo hands a fire to Surabaya, which accepts; Surabaya hands one back, which Sidoarjo declines")
    func bothWays() async throws {
        let (sidoarjo, surabaya) = try Self.prepare()
        let serverA = try await Self.serve(
            sidoarjo,
            peers: try Self.peersFile(to: surabaya, region: "35.78", name: "112 Kota Surabaya", phone: "031-112"))
        let serverB = try await Self.serve(
            surabaya,
            peers: try Self.peersFile(to: sidoarjo, region: "35.15", name: "112 Kabupaten Sidoarjo", phone: "031-112"))
        defer {
            for server in [serverA, serverB] where server.isRunning { server.terminate() }
            SiagaProcess.remove(sidoarjo.database)
            SiagaProcess.remove(surabaya.database)
        }

        // Sidoarjo → Surabaya, accepted.
        let fire = try await Self.open(sidoarjo, region: "35.15", "Gudang terbakar di Jl. Gayungan, Surabaya")
        let first = try await Self.offer(sidoarjo, fire.id, to: "35.78")
        let arrived = try await Self.eventually("the request in Surabaya's tray") {
            try await Self.pending(surabaya, region: "35.78", first)
        }
        #expect((arrived["origin"] as? [String: Any])?["incidentNumber"] as? String == fire.number)
        let (status, accepted) = try await SiagaProcess.request(
            "POST", port: surabaya.port, path: "/api/v1/regions/35.78/transfers/\(first)/accept", token: surabaya.desk)
        #expect(status == 201, "\(accepted)")
        let theirs = try #require(accepted["incidentNumber"] as? String)
        #expect(theirs.hasPrefix("3578-"))
        let answer = try await Self.eventually("Surabaya's acceptance on Sidoarjo's incident") {
            let transfer = try await Self.transfer(sidoarjo, incident: fire.id)
            return transfer?["state"] as? String == "accepted" ? transfer : nil
        }
        #expect(answer["peerIncidentNumber"] as? String == theirs)
        let (_, opened) = try await SiagaProcess.request(
            "GET", port: surabaya.port, path: "/api/v1/incidents/\(accepted["incidentId"] as? String ?? "")",
            token: surabaya.desk)
        #expect((opened["transferredFrom"] as? [String: Any])?["incidentNumber"] as? String == fire.number)
        #expect(opened["callerNumber"] as? String == "+6281234567890")

        // Surabaya → Sidoarjo, declined.
        let crash = try await Self.open(surabaya, region: "35.78", "Kebakaran lahan di perbatasan Waru")
        let second = try await Self.offer(surabaya, crash.id, to: "35.15")
        _ = try await Self.eventually("the request in Sidoarjo's tray") {
            try await Self.pending(sidoarjo, region: "35.15", second)
        }
        let (declinedStatus, _) = try await SiagaProcess.request(
            "POST", port: sidoarjo.port, path: "/api/v1/regions/35.15/transfers/\(second)/decline",
            token: sidoarjo.desk, json: Self.json(["reason": "Lokasi masih wilayah Surabaya"]))
        #expect(declinedStatus == 200)
        let declined = try await Self.eventually("Sidoarjo's decline on Surabaya's incident") {
            let transfer = try await Self.transfer(surabaya, incident: crash.id)
            return transfer?["state"] as? String == "declined" ? transfer : nil
        }
        #expect(declined["endReason"] as? String == "Lokasi masih wilayah Surabaya")

        // Surabaya down: Sidoarjo's next request waits in its outbox and arrives once Surabaya is back.
        serverB.terminate()
        serverB.waitUntilExit()
        let flood = try await Self.open(sidoarjo, region: "35.15", "Banjir di underpass Gayungan")
        let third = try await Self.offer(sidoarjo, flood.id, to: "35.78")
        try await Task.sleep(for: .seconds(2))
        let restarted = try await Self.serve(
            surabaya,
            peers: try Self.peersFile(to: sidoarjo, region: "35.15", name: "112 Kabupaten Sidoarjo", phone: "031-112"))
        defer { restarted.terminate() }
        _ = try await Self.eventually("the request kept while Surabaya was down") {
            try await Self.pending(surabaya, region: "35.78", third)
        }
    }
}
