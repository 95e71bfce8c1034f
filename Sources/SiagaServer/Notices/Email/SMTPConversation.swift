import Foundation

/// The connection an SMTP session runs over: the network, or a script in tests.
protocol SMTPTransport {
    func send(_ bytes: [UInt8]) async throws(NoticeCarrierError)
    /// The server's next whole reply.
    func reply() async throws(NoticeCarrierError) -> SMTPReply
    /// Starts TLS on the connection after the server's `220` to STARTTLS, verifying its certificate.
    func startTLS() async throws(NoticeCarrierError)
}

/// The client's side of one SMTP session (RFC 5321) that hands over one message: greeting, EHLO (or HELO),
/// STARTTLS and EHLO again, AUTH, MAIL FROM, RCPT TO, DATA and QUIT.
///
/// A 4xx reply leaves the message `unavailable`, to be sent again later. A 5xx reply `refuses` it for good only
/// where the server judges this message, its recipient or its content (RCPT TO, DATA); earlier it is about the
/// server or Siaga112's account and settings, the same for every message, so the message waits until that is put
/// right instead of being dropped.
struct SMTPConversation<Transport: SMTPTransport> {
    let settings: SMTPSettings
    let transport: Transport

    /// Hands `message` (as `SMTPMessage.render` writes it) to the server for `recipient`; returns the server's
    /// reply to it, which may name its queue id.
    func deliver(_ message: String, to recipient: String) async throws(NoticeCarrierError) -> SMTPReply {
        try check(await transport.reply(), during: .setup)
        var capabilities = try await hello()
        if settings.security != .none, try await secure(offered: capabilities.offersStartTLS) {
            capabilities = SMTPCapabilities(ehlo: try await command("EHLO " + settings.heloName))
        }
        try await authenticate(capabilities)
        try await command("MAIL FROM:<" + settings.from + ">")
        try await command("RCPT TO:<" + recipient + ">", judgesMessage: true)
        try await command("DATA", expecting: 354, judgesMessage: true)
        try await transport.send(SMTPMessage.dataPayload(message))
        let accepted = try check(await transport.reply(), during: .message)
        await quit()
        return accepted
    }

    /// EHLO, or HELO from a server that does not know EHLO.
    private func hello() async throws(NoticeCarrierError) -> SMTPCapabilities {
        try await transport.send(Array("EHLO \(settings.heloName)\r\n".utf8))
        let reply = try await transport.reply()
        guard reply.isPermanentFailure else { return SMTPCapabilities(ehlo: try check(reply, during: .setup)) }
        try await command("HELO " + settings.heloName)
        return .none
    }

    /// Starts TLS when the server offers it; returns whether it did. Credentials are not sent in clear.
    private func secure(offered: Bool) async throws(NoticeCarrierError) -> Bool {
        guard offered else {
            if settings.security == .startTLSRequired { throw .unavailable("server offers no STARTTLS") }
            if settings.credentials != nil {
                throw .unavailable("server offers no STARTTLS, and the credentials are not sent in clear")
            }
            return false
        }
        try await command("STARTTLS", expecting: 220)
        try await transport.startTLS()
        return true
    }

    /// AUTH PLAIN, else AUTH LOGIN, when the settings have credentials.
    private func authenticate(_ capabilities: SMTPCapabilities) async throws(NoticeCarrierError) {
        guard let (username, password) = settings.credentials else { return }
        if capabilities.authMechanisms.contains("PLAIN") {
            try await command("AUTH PLAIN " + base64("\0\(username)\0\(password)"), expecting: 235)
        } else if capabilities.authMechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expecting: 334)
            try await command(base64(username), expecting: 334)
            try await command(base64(password), expecting: 235)
        } else {
            throw .unavailable("server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    /// QUIT, for a clean end; the message is already accepted, so whatever happens here does not matter.
    private func quit() async {
        try? await transport.send(Array("QUIT\r\n".utf8))
        _ = try? await transport.reply()
    }

    @discardableResult
    private func command(
        _ line: String, expecting code: Int? = nil, judgesMessage: Bool = false
    ) async throws(NoticeCarrierError) -> SMTPReply {
        try await transport.send(Array((line + "\r\n").utf8))
        return try check(await transport.reply(), expecting: code, during: judgesMessage ? .message : .setup)
    }

    private enum Stage {
        /// Before the recipient: a refusal is about the server or the account.
        case setup
        /// Recipient and content: a refusal is about this message.
        case message
    }

    /// `reply` when it is the one expected (any 2yz unless `code` is given); the failure it stands for otherwise.
    @discardableResult
    private func check(
        _ reply: SMTPReply, expecting code: Int? = nil, during stage: Stage
    ) throws(NoticeCarrierError) -> SMTPReply {
        if let code, reply.code == code { return reply }
        if code == nil, reply.isCompletion { return reply }
        if reply.isPermanentFailure, stage == .message { throw .refused(reply.text) }
        if reply.isTransientFailure || reply.isPermanentFailure { throw .unavailable(reply.text) }
        throw .unavailable("unexpected reply: " + reply.text)
    }

    private func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
