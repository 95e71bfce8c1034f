public import Foundation
public import SiagaCore

/// The neighbouring 112 centers this deployment hands incidents to and takes them from (`siaga serve --peers
/// FILE`, docs/transfer.md). Regions this deployment serves are each other's peers without being listed; a listed
/// region with no `url` only gives its phone number.
public struct TransferSettings: Sendable {
    /// A neighbouring center served by another deployment.
    public struct Remote: Hashable, Sendable, Decodable {
        public var region: RegionCode
        public var name: String
        /// Its deployment's address, e.g. `https://112.surabayakota.go.id`; requests go to `/api/v1/interop/…`.
        public var url: URL
        /// The token its deployment issued to this one (`transfer.submit` for `region`).
        public var token: String
        public var phone: String?
        /// The regions here that may hand incidents to it (and take them from it); every served region when absent.
        public var neighbours: [RegionCode]?

        func neighbours(_ region: RegionCode) -> Bool { neighbours?.contains(region) ?? true }
    }

    public var remotes: [Remote] = []
    /// Phone numbers of the regions served here, for when a request between them goes unanswered.
    public var phones: [RegionCode: String] = [:]
    /// How long a neighbour has to answer before the call taker is told to phone instead.
    public var answerWithin: Duration = .seconds(90)

    public init(remotes: [Remote] = [], phones: [RegionCode: String] = [:], answerWithin: Duration = .seconds(90)) {
        self.remotes = remotes
        self.phones = phones
        self.answerWithin = answerWithin
    }

    private struct File: Decodable {
        struct Peer: Decodable {
            var region: String
            var name: String?
            var url: String?
            var token: String?
            var phone: String?
            var neighbours: [String]?
        }

        var answerWithinSeconds: Int?
        var peers: [Peer]
    }

    /// Reads the peers file; every problem is named with the entry it is in.
    public static func load(from path: String) throws -> TransferSettings {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let file = try JSONDecoder().decode(File.self, from: data)
        var settings = TransferSettings()
        var problems: [String] = []
        if let seconds = file.answerWithinSeconds {
            if (15...3600).contains(seconds) {
                settings.answerWithin = .seconds(seconds)
            } else {
                problems.append("answerWithinSeconds: 15 to 3600")
            }
        }
        for (index, peer) in file.peers.enumerated() {
            guard let region = RegionCode(peer.region), region.level == .kabupaten else {
                problems.append("peers[\(index)].region: \(peer.region) is not a regency or city code")
                continue
            }
            if let phone = peer.phone { settings.phones[region] = phone }
            guard let address = peer.url else { continue }
            guard let url = URL(string: address), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                problems.append("peers[\(index)].url: \(address) is not an http(s) address")
                continue
            }
            guard let token = peer.token, !token.isEmpty else {
                problems.append("peers[\(index)].token: required with a url")
                continue
            }
            guard let name = peer.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                problems.append("peers[\(index)].name: required with a url")
                continue
            }
            let neighbours = try peer.neighbours?.map { code in
                guard let region = RegionCode(code), region.level == .kabupaten else {
                    throw TransferSettingsError(problems: ["peers[\(index)].neighbours: \(code) is not a region code"])
                }
                return region
            }
            settings.remotes.append(
                Remote(
                    region: region, name: name, url: url, token: token, phone: peer.phone, neighbours: neighbours))
        }
        if !problems.isEmpty { throw TransferSettingsError(problems: problems) }
        return settings
    }

    /// The peers `region` may hand an incident to: the other regions served here (`served`), then the listed
    /// remote centers that neighbour it. A region served here is never reached over the network.
    func peers(of region: RegionCode, served: [Region]) -> [PeerCenter] {
        let local = served.filter { $0.code != region }.map { other in
            PeerCenter(
                regionCode: other.code, name: "112 \(other.name)", phone: phones[other.code], isLocal: true)
        }
        let servedCodes = Set(served.map(\.code))
        let remote = remotes.filter { $0.neighbours(region) && !servedCodes.contains($0.region) }.map {
            PeerCenter(regionCode: $0.region, name: $0.name, phone: $0.phone, isLocal: false)
        }
        return local + remote
    }

    /// The remote center serving `region`, if listed.
    func remote(_ region: RegionCode) -> Remote? { remotes.first { $0.region == region } }
}

/// A peers file that cannot be used, with every problem in it.
public struct TransferSettingsError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "; ") }
}
