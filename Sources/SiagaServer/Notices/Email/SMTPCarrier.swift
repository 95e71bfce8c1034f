import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SiagaCore

/// E-mail notices over SMTP (RFC 5321) to the region's relay or the agencies' provider: one connection per
/// message, STARTTLS as `SMTPSettings.security` says, AUTH when credentials are set.
///
/// The message's `Message-ID` is `<reference@siaga112>`; the receipt names the server's queue id when its reply
/// gives one, and that Message-ID otherwise. Failures are mapped as `SMTPConversation` describes; a connection
/// that fails, closes or stays silent beyond `SMTPSettings.timeout` leaves the message `unavailable`.
struct SMTPCarrier: NoticeCarrier {
    let settings: SMTPSettings
    let now: @Sendable () -> Date
    let logger: Logger
    private let tls: NIOSSLContext?

    var channel: NoticeChannel { .email }

    /// - Throws: when `settings.trustRoots` cannot be read as PEM certificates.
    init(
        settings: SMTPSettings, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "siaga.notices.email")
    ) throws {
        self.settings = settings
        self.now = now
        self.logger = logger
        self.tls = settings.security == .none ? nil : try Self.tlsContext(trustRoots: settings.trustRoots)
    }

    func send(_ notice: OutgoingNotice) async throws(NoticeCarrierError) -> NoticeReceipt {
        guard SMTPMessage.isAddress(notice.recipient) else {
            throw .refused("not an e-mail address: \(notice.recipient)")
        }
        guard SMTPMessage.isAddress(settings.from) else {
            throw .unavailable("not an e-mail address: \(settings.from)")
        }
        let message = SMTPMessage.render(notice, from: settings.from, fromName: settings.fromName, date: now())
        do throws(NoticeCarrierError) {
            let accepted = try await withTimeout { () async throws(NoticeCarrierError) in
                try await deliver(message, to: notice.recipient)
            }
            let reference = accepted.queueID ?? SMTPMessage.messageID(for: notice.reference)
            logger.debug(
                "e-mail notice accepted", metadata: ["notice": "\(notice.reference)", "reference": "\(reference)"])
            return NoticeReceipt(providerReference: reference)
        } catch {
            logger.debug(
                "e-mail notice not accepted", metadata: ["notice": "\(notice.reference)", "error": "\(error)"])
            throw error
        }
    }

    /// One connection, from connecting until the server has accepted the message.
    private func deliver(_ message: String, to recipient: String) async throws(NoticeCarrierError) -> SMTPReply {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(settings.timeout))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .unavailable("could not connect to \(settings.host):\(settings.port): \(error)")
        }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                let connection = SMTPConnection(
                    channel, inbound: inbound, outbound: outbound, tls: tls, host: settings.host)
                return try await SMTPConversation(settings: settings, transport: connection)
                    .deliver(message, to: recipient)
            }
        } catch let error as NoticeCarrierError {
            throw error
        } catch {
            throw .unavailable("connection to the server failed: \(error)")
        }
    }

    /// `body`'s result, or `unavailable` once `SMTPSettings.timeout` has passed.
    private func withTimeout(
        _ body: @escaping @Sendable () async throws(NoticeCarrierError) -> SMTPReply
    ) async throws(NoticeCarrierError) -> SMTPReply {
        let timeout = settings.timeout
        do {
            return try await withThrowingTaskGroup(of: SMTPReply?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let reply = try await group.next() ?? nil else {
                    throw NoticeCarrierError.unavailable("no answer from the server within \(timeout)")
                }
                return reply
            }
        } catch let error as NoticeCarrierError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    /// Full verification, against `trustRoots` when given and the system's CAs otherwise.
    private static func tlsContext(trustRoots: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let trustRoots { configuration.trustRoots = .file(trustRoots) }
        return try NIOSSLContext(configuration: configuration)
    }
}
