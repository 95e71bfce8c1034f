import NIOCore
import NIOSSL

/// An SMTP session's TCP connection, read and written from one task: replies are read whole, and STARTTLS puts
/// TLS underneath, closest to the socket.
final class SMTPConnection: SMTPTransport {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let tls: NIOSSLContext?
    /// The name the certificate must carry; `nil` for an IP address, which is checked against the peer instead.
    private let serverHostname: String?
    private var reader = SMTPReplyReader()

    init(
        _ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, tls: NIOSSLContext?, host: String
    ) {
        self.channel = channel.channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.tls = tls
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        self.serverHostname = isAddress ? nil : host
    }

    func send(_ bytes: [UInt8]) async throws(NoticeCarrierError) {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw .unavailable("could not write to the server: \(error)")
        }
    }

    func reply() async throws(NoticeCarrierError) -> SMTPReply {
        do {
            while true {
                if let reply = try reader.next() { return reply }
                guard let bytes = try await inbound.next() else { break }
                reader.append(bytes.readableBytesView)
            }
        } catch let failure as SMTPReplyReader.Failure {
            throw .unavailable("unreadable reply from the server: \(failure)")
        } catch let failure as NIOSSLError {
            throw .unavailable("TLS with the server failed: \(failure)")
        } catch let failure as NIOSSLExtraError {
            throw .unavailable("TLS with the server failed: \(failure)")
        } catch {
            throw .unavailable("connection to the server failed: \(error)")
        }
        throw .unavailable("server closed the connection")
    }

    func startTLS() async throws(NoticeCarrierError) {
        guard let tls else { throw .unavailable("TLS is not configured") }
        // Anything already sent came in clear, and would be read as if it had come over TLS (CVE-2011-0411).
        guard reader.isEmpty else { throw .unavailable("server sent more after its reply to STARTTLS") }
        do {
            try await channel.eventLoop.submit { [channel, serverHostname] in
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw .unavailable("could not start TLS: \(error)")
        }
    }
}
