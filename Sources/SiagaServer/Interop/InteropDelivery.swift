import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SiagaCore
import SiagaStore

/// Sends the messages waiting for other deployments: each to its peer's address with the token the peer issued,
/// under an `Idempotency-Key` of its own, so a message sent again after a lost answer is taken once. A peer that
/// cannot be reached, or fails, is tried again later, waiting longer each time; a peer that refuses the message
/// itself (4xx) is not asked again, and the refusal is kept for the region's IT.
struct InteropDelivery: Sendable {
    let dependencies: Dependencies
    let client: HTTPClient
    let logger: Logger

    static let timeout: TimeAmount = .seconds(10)
    /// The longest wait between two tries.
    static let maxBackoff: TimeInterval = 60

    /// One round over the due messages; returns how many were delivered.
    func sendDue() async throws -> Int {
        let due = try await dependencies.store.read { try await $0.dueInteropMessages(at: dependencies.now()) }
        var delivered = 0
        for message in due where try await send(message) { delivered += 1 }
        return delivered
    }

    private func send(_ message: InteropMessage) async throws -> Bool {
        let now = dependencies.now()
        guard let peer = dependencies.transfers.remote(message.peer) else {
            try await dependencies.store.transaction {
                try await $0.markInteropAttempt(
                    message.id, error: "region \(message.peer) is not listed in the peers file", next: nil, at: now)
            }
            return false
        }
        let url = peer.url.absoluteString.trimmingSuffix("/") + message.path
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(peer.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: "interop-\(message.id)")
        request.headers.add(name: "Accept-Language", value: "id")
        request.headers.add(name: "User-Agent", value: "Siaga112 (112 command center)")
        request.body = .bytes(ByteBuffer(string: message.body))
        do {
            let response = try await client.execute(request, deadline: .now() + Self.timeout)
            let body = try await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            let said = String(buffer: body).prefix(300)
            switch status {
            case 200..<300:
                try await dependencies.store.transaction { try await $0.markInteropDelivered(message.id, at: now) }
                return true
            case 400..<500 where status != 408 && status != 429:
                logger.error(
                    "interop: peer refused a message",
                    metadata: ["peer": "\(message.peer)", "path": "\(message.path)", "status": "\(status)"])
                try await dependencies.store.transaction {
                    try await $0.markInteropAttempt(message.id, error: "HTTP \(status): \(said)", next: nil, at: now)
                }
            default:
                try await retry(message, error: "HTTP \(status): \(said)", now: now)
            }
        } catch {
            try await retry(message, error: "\(error)", now: now)
        }
        return false
    }

    private func retry(_ message: InteropMessage, error: String, now: Date) async throws {
        let wait = min(Self.maxBackoff, pow(2, Double(message.attempts)))
        try await dependencies.store.transaction {
            try await $0.markInteropAttempt(message.id, error: error, next: now.addingTimeInterval(wait), at: now)
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
