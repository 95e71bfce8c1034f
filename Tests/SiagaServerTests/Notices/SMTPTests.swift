import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@testable import SiagaServer

@Suite("Notices: e-mail over SMTP")
struct SMTPTests {
    static let notice = OutgoingNotice(
        reference: "ntc-42.1", recipient: "damkar@sidoarjo.test", subject: "Kebakaran di Desa Candi",
        text: "Rumah terbakar.\nLokasi: Jl. Raya Candi 12", acknowledgeToken: "tok",
        acknowledgeURL: "https://siaga.test/t/tok", replyCode: "4821")

    static let settings = SMTPSettings(
        host: "mail.test", username: "siaga", password: "rahasia", from: "cc112@sidoarjo.test")

    static let capabilities = "250-mail.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
    static let auth = "250-mail.test\r\n250 AUTH PLAIN"
    static let signedIn = ["220 hi", auth, "235 ok"]

    func replies(_ text: String) throws -> [SMTPReply] {
        var reader = SMTPReplyReader()
        reader.append(Array(text.utf8))
        var replies: [SMTPReply] = []
        while let reply = try reader.next() { replies.append(reply) }
        return replies
    }

    private func deliver(
        _ script: [String], settings: SMTPSettings = Self.settings
    ) async throws(NoticeCarrierError) -> (SMTPReply, ScriptedServer) {
        let server = ScriptedServer(script)
        let reply = try await SMTPConversation(settings: settings, transport: server).deliver("x\r\n", to: "a@b.test")
        return (reply, server)
    }

    // MARK: Replies

    @Test("A multi-line reply is read whole, across reads and several to a read")
    func multiLineRepliesAreReadWhole() throws {
        // given
        var reader = SMTPReplyReader()

        // when
        reader.append(Array("220 mail.test ESMTP\r\n250-mail.test\r\n250-STARTTLS\r\n25".utf8))
        let greeting = try reader.next()
        let partial = try reader.next()
        reader.append(Array("0 AUTH PLAIN\r\n".utf8))
        let ehlo = try reader.next()

        // then
        #expect(greeting == SMTPReply(code: 220, lines: ["mail.test ESMTP"]))
        #expect(partial == nil)
        #expect(ehlo == SMTPReply(code: 250, lines: ["mail.test", "STARTTLS", "AUTH PLAIN"]))
        #expect(reader.isEmpty)
    }

    @Test(
        "Lines that are no reply lines are refused",
        arguments: [
            ("hello\r\n", SMTPReplyReader.Failure.malformed("hello")), ("25\r\n", .malformed("25")),
            ("250-a\r\n251 b\r\n", .malformed("251 b")), ("250x\r\n", .malformed("250x")),
            ("099 x\r\n", .malformed("099 x")), (String(repeating: "2", count: 5000), .tooLong),
        ])
    func brokenRepliesAreRefused(text: String, failure: SMTPReplyReader.Failure) {
        #expect(throws: failure) { try replies(text) }
    }

    @Test("A reply of only a code is a reply with no text")
    func bareCodeIsAReply() throws {
        #expect(try replies("250\r\n") == [SMTPReply(code: 250, lines: [""])])
        #expect(SMTPReply(code: 250, lines: [""]).text == "250")
    }

    @Test("EHLO's reply says whether STARTTLS is offered and which AUTH mechanisms, in either spelling")
    func capabilitiesAreRead() throws {
        // when
        let current = SMTPCapabilities(ehlo: try #require(try replies(Self.capabilities).first))
        let old = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: ["mail.test", "AUTH=login", "SIZE 100"]))

        // then
        #expect(current.offersStartTLS)
        #expect(current.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(!old.offersStartTLS)
        #expect(old.authMechanisms == ["LOGIN"])
        #expect(old.extensions["SIZE"] == ["100"])
    }

    @Test(
        "The queue id is read from the reply to the message where the server names one",
        arguments: [
            ("250 2.0.0 Ok: queued as 4B1C2D3E4F", "4B1C2D3E4F"), ("250 OK id=1qX4Ab-0007Yz-2C", "1qX4Ab-0007Yz-2C"),
            ("250 2.0.0 3AB1Cd0042 Message accepted for delivery", "3AB1Cd0042"),
            ("250 Message accepted for delivery", nil), ("250 2.0.0 Message accepted for delivery", nil),
            ("250 2.0.0 OK  1700000000 a1-2002gsmtp", nil),
        ] as [(String, String?)])
    func queueIDIsRead(reply: String, queueID: String?) throws {
        #expect(try replies(reply + "\r\n").first?.queueID == queueID)
    }

    // MARK: The message

    @Test("A notice is a plain-text message with the acknowledgement link and the reference as its Message-ID")
    func noticeRendersAsMessage() {
        // when
        let message = SMTPMessage.render(
            Self.notice, from: "cc112@sidoarjo.test", fromName: "Command Center 112", date: .t0)

        // then
        #expect(
            message == """
                Date: Mon, 23 Nov 2026 03:00:00 +0000\r
                From: "Command Center 112" <cc112@sidoarjo.test>\r
                To: damkar@sidoarjo.test\r
                Subject: Kebakaran di Desa Candi\r
                Message-ID: <ntc-42.1@siaga112>\r
                Auto-Submitted: auto-generated\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                Rumah terbakar.\r
                Lokasi: Jl. Raya Candi 12\r
                \r
                Terima (acknowledge): https://siaga.test/t/tok\r

                """)
    }

    @Test("Without a public address the body is the notice's text alone")
    func bodyWithoutLink() {
        var notice = Self.notice
        notice.acknowledgeURL = nil
        #expect(SMTPMessage.body(of: notice) == "Rumah terbakar.\nLokasi: Jl. Raya Candi 12")
    }

    @Test("A subject or a name that is not ASCII is RFC 2047 encoded words of whole characters")
    func nonASCIIHeadersAreEncodedWords() throws {
        // given
        let subject = "Kebakaran — Desa Candi, Kecamatan Sidoarjo 🚒 " + String(repeating: "é", count: 40)

        // when
        let encoded = SMTPMessage.unstructured(subject)
        let name = SMTPMessage.phrase("Pusat Panggilan Darurat “112”")

        // then
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        #expect(try words.map(decodedWord).joined() == subject)
        #expect(try decodedWord(name) == "Pusat Panggilan Darurat “112”")
        #expect(SMTPMessage.phrase(#"Posko "Candi" \ 1"#) == #""Posko \"Candi\" \\ 1""#)
    }

    @Test("A line break in a subject cannot start a header of its own")
    func headerInjectionIsDefused() {
        #expect(SMTPMessage.unstructured("Kebakaran\r\nBcc: x@evil.test") == "Kebakaran  Bcc: x@evil.test")
        #expect(SMTPMessage.phrase("CC\n112") == #""CC 112""#)
    }

    @Test("A body with non-ASCII text or a long line is quoted-printable, each line at most 76 characters")
    func bodyIsQuotedPrintableWhenItMustBe() {
        // given
        let long = String(repeating: "Candi ", count: 200)

        // when
        let (encoding, body) = SMTPMessage.encodedBody("Kebakaran — 2 = dua \n" + long)

        // then
        #expect(encoding == "quoted-printable")
        let lines = body.components(separatedBy: "\r\n")
        #expect(lines[0] == "Kebakaran =E2=80=94 2 =3D dua=20")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(decodedQuotedPrintable(body) == "Kebakaran — 2 = dua \r\n" + long + "\r\n")
        #expect(SMTPMessage.encodedBody("Rumah\rterbakar").body == "Rumah\r\nterbakar\r\n")
    }

    @Test("Lines that start with a dot are doubled for DATA, and a lone dot ends the message")
    func dataIsDotStuffed() {
        let payload = SMTPMessage.dataPayload(".awal\r\ntengah.\r\n.\r\n..dua")
        #expect(String(decoding: payload, as: UTF8.self) == "..awal\r\ntengah.\r\n..\r\n...dua\r\n.\r\n")
    }

    @Test(
        "Only an address that cannot break a command or a header is sent to",
        arguments: [
            ("damkar@sidoarjo.test", true), ("a.b+c@x.id", true), ("damkar", false), ("@x.test", false),
            ("a@", false), ("a@b@c", false), ("a b@x.test", false), ("a@x.test>\r\nRCPT TO:<b@y.test", false),
            ("a<b@x.test", false), ("pemadam@kebakaran.ìd", false), ("a,b@x.test", false),
        ])
    func addressesAreChecked(address: String, valid: Bool) {
        #expect(SMTPMessage.isAddress(address) == valid)
    }

    @Test("The Message-ID is the notice's reference, made a valid message id")
    func messageIDFromReference() {
        #expect(SMTPMessage.messageID(for: "ntc-42.1") == "<ntc-42.1@siaga112>")
        #expect(SMTPMessage.messageID(for: ".a b..c@d>.") == "<a_b._c_d_@siaga112>")
    }

    // MARK: The conversation

    @Test("A message goes through greeting, EHLO, STARTTLS, EHLO again, AUTH PLAIN, envelope, DATA and QUIT")
    func fullConversation() async throws {
        // when
        let (accepted, server) = try await deliver([
            "220 mail.test ESMTP", "250-mail.test\r\n250 STARTTLS", "220 go ahead", Self.capabilities, "235 ok",
            "250 ok", "250 ok", "354 go on", "250 2.0.0 Ok: queued as 4B1C", "221 bye",
        ])

        // then
        #expect(accepted.queueID == "4B1C")
        #expect(server.tlsStartedBefore == 2)
        #expect(
            server.sent == [
                "EHLO sidoarjo.test", "STARTTLS", "EHLO sidoarjo.test", "AUTH PLAIN AHNpYWdhAHJhaGFzaWE=",
                "MAIL FROM:<cc112@sidoarjo.test>", "RCPT TO:<a@b.test>", "DATA", "x\r\n.", "QUIT",
            ])
    }

    @Test("A server that does not know EHLO is greeted with HELO; one that offers no PLAIN gets AUTH LOGIN")
    func heloAndAuthLogin() async throws {
        // given
        let settings = SMTPSettings(
            host: "mail.test", username: "siaga", password: "rahasia", from: "cc@x.test", security: .none)

        // when
        let (_, helo) = try await deliver(
            ["220 old", "502 what", "250 hi", "250 ok", "250 ok", "354 go", "250 ok", "221 bye"],
            settings: SMTPSettings(host: "mail.test", from: "cc@x.test", heloName: "siaga.test", security: .none))
        let (_, login) = try await deliver(
            [
                "220 hi", "250-mail.test\r\n250 AUTH LOGIN", "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok",
                "250 ok", "250 ok", "354 go", "250 ok", "221 bye",
            ],
            settings: settings)

        // then
        #expect(Array(helo.sent.prefix(2)) == ["EHLO siaga.test", "HELO siaga.test"])
        #expect(Array(login.sent.prefix(4)) == ["EHLO x.test", "AUTH LOGIN", "c2lhZ2E=", "cmFoYXNpYQ=="])
        #expect(login.tlsStartedBefore == nil)
    }

    @Test("Without STARTTLS on offer, a server is unavailable when TLS is required or credentials would go in clear")
    func noStartTLS() async {
        // given
        let script = ["220 hi", "250-mail.test\r\n250 AUTH PLAIN"]
        let required = SMTPSettings(host: "mail.test", from: "cc@x.test", security: .startTLSRequired)
        let offeredWithCredentials = Self.settings

        // when / then
        await #expect(throws: NoticeCarrierError.unavailable("server offers no STARTTLS")) {
            try await deliver(script, settings: required)
        }
        await #expect(
            throws: NoticeCarrierError.unavailable(
                "server offers no STARTTLS, and the credentials are not sent in clear")
        ) { try await deliver(script, settings: offeredWithCredentials) }
    }

    @Test(
        "4xx and a closed connection leave the message unavailable; 5xx refuses it only for its recipient or content",
        arguments: [
            (["421 4.3.2 down"], NoticeCarrierError.unavailable("421 4.3.2 down")),
            (["554 no service"], .unavailable("554 no service")),
            (["220 hi", "250 mail.test"], .unavailable("server offers neither AUTH PLAIN nor AUTH LOGIN")),
            (["220 hi", auth, "535 5.7.8 bad credentials"], .unavailable("535 5.7.8 bad credentials")),
            (signedIn + ["553 5.7.1 not your sender"], .unavailable("553 5.7.1 not your sender")),
            (signedIn + ["250 ok", "550 5.1.1 no such user"], .refused("550 5.1.1 no such user")),
            (signedIn + ["250 ok", "450 4.2.1 busy"], .unavailable("450 4.2.1 busy")),
            (signedIn + ["250 ok", "250 ok", "354 go", "552 5.3.4 too big"], .refused("552 5.3.4 too big")),
            (signedIn + ["250 ok", "250 ok", "250 ok"], .unavailable("unexpected reply: 250 ok")),
            (signedIn + ["250 ok"], .unavailable("server closed the connection")),
        ] as [([String], NoticeCarrierError)])
    func repliesMapToFailures(script: [String], failure: NoticeCarrierError) async {
        // given
        let settings = SMTPSettings(
            host: "mail.test", username: "u", password: "p", from: "cc@x.test", security: .none)

        // then
        await #expect(throws: failure) { try await deliver(script, settings: settings) }
    }

    @Test("A recipient that is no e-mail address is refused before anything is sent")
    func badRecipientIsRefused() async throws {
        // given
        let carrier = try SMTPCarrier(settings: SMTPSettings(host: "192.0.2.1", from: "cc@x.test"), now: { .t0 })
        var notice = Self.notice
        notice.recipient = "damkar@x.test>\r\nRCPT TO:<other@y.test"

        // then
        #expect(carrier.channel == .email)
        await #expect(throws: NoticeCarrierError.refused("not an e-mail address: \(notice.recipient)")) {
            try await carrier.send(notice)
        }
    }

    @Test("A trust-roots file that cannot be read stops the carrier from starting")
    func unreadableTrustRoots() {
        #expect(throws: (any Error).self) {
            try SMTPCarrier(
                settings: SMTPSettings(host: "mail.test", from: "cc@x.test", trustRoots: "/nonexistent.pem"))
        }
    }

    private func decodedQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        var rest = Substring(text.replacingOccurrences(of: "=\r\n", with: "")).utf8[...]
        while let byte = rest.popFirst() {
            guard byte == UInt8(ascii: "="),
                let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
            else {
                bytes.append(byte)
                continue
            }
            bytes.append(value)
            rest = rest.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func decodedWord(_ word: String) throws -> String {
        let base64 = try #require(word.wholeMatch(of: /=\?UTF-8\?B\?(.*)\?=/)?.1)
        return String(decoding: try #require(Data(base64Encoded: String(base64))), as: UTF8.self)
    }
}

/// A server that answers from a script, one reply per command, and records what it was sent.
private final class ScriptedServer: SMTPTransport {
    private var script: [String]
    /// Each command sent, without its CRLF; a message as its DATA payload without the last CRLF.
    private(set) var sent: [String] = []
    /// How many commands had been sent when TLS started.
    private(set) var tlsStartedBefore: Int?

    init(_ script: [String]) {
        self.script = script
    }

    func send(_ bytes: [UInt8]) async throws(NoticeCarrierError) {
        sent.append(String(decoding: bytes.dropLast(2), as: UTF8.self))
    }

    func reply() async throws(NoticeCarrierError) -> SMTPReply {
        guard !script.isEmpty else { throw .unavailable("server closed the connection") }
        var reader = SMTPReplyReader()
        reader.append(Array((script.removeFirst() + "\r\n").utf8))
        guard let reply = try? reader.next() else { throw .unavailable("bad script") }
        return reply
    }

    func startTLS() async throws(NoticeCarrierError) {
        tlsStartedBefore = sent.count
    }
}
