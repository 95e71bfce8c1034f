import Testing

@testable import SiagaServer

@Suite("SMPP 3.4 PDUs")
struct SMPPPDUTests {
    static let smsc = SMPPAddress(ton: 0, npi: 0, address: "1122")
    static let officer = SMPPAddress(ton: 1, npi: 1, address: "6281234567890")

    static func roundTrip(_ pdu: SMPPPDU) throws -> SMPPPDU {
        try SMPPPDU(decoding: try pdu.encoded())
    }

    static func deliverSM(_ message: SMPPMessage) throws -> [UInt8] {
        try SMPPPDU(body: .deliverSM(message), sequence: 7).encoded()
    }

    @Test("bind_transceiver is encoded as SMPP 3.4 lays it out")
    func bindTransceiverBytes() throws {
        // given
        let bind = SMPPBind(systemID: "siaga", password: "rahasia", systemType: "112")
        // when
        let bytes = try SMPPPDU(body: .bindTransceiver(bind), sequence: 1).encoded()
        // then
        let body = Array("siaga".utf8) + [0] + Array("rahasia".utf8) + [0] + Array("112".utf8) + [0, 0x34, 0, 0, 0]
        #expect(bytes == [0, 0, 0, UInt8(16 + body.count), 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 1] + body)
        #expect(try SMPPPDU(decoding: bytes) == SMPPPDU(body: .bindTransceiver(bind), sequence: 1))
    }

    @Test(
        "Every PDU the ESME exchanges decodes to what was encoded",
        arguments: [
            SMPPPDU.Body.bindTransceiverResp(systemID: "SMSC"), .submitSMResp(messageID: "5f2a9c01"), .deliverSMResp,
            .enquireLink, .enquireLinkResp, .unbind, .unbindResp, .genericNack,
        ])
    func roundTrips(_ body: SMPPPDU.Body) throws {
        // given
        let pdu = SMPPPDU(body: body, sequence: 0x7FFF_FFFF)
        // when
        let decoded = try Self.roundTrip(pdu)
        // then
        #expect(decoded == pdu)
    }

    @Test("A submit_sm with every field set round-trips, optional parameters included")
    func submitSMRoundTrip() throws {
        // given
        var message = SMPPMessage(
            text: "Kebakaran di Desa Sumput", from: Self.smsc, to: Self.officer, registeredDelivery: 1)
        message.validityPeriod = "000000010000000R"
        message.tlvs.append(SMPPTLV(tag: SMPPTLV.userMessageReference, value: [0x12, 0x34]))
        let pdu = SMPPPDU(body: .submitSM(message), sequence: 42)
        // when
        let decoded = try Self.roundTrip(pdu)
        // then
        #expect(decoded == pdu)
        #expect(message.dataCoding == 0)
        #expect(message.shortMessage == Array("Kebakaran di Desa Sumput".utf8))
    }

    @Test("A refused submit_sm_resp without a body reads as an empty message id")
    func refusedResponseWithoutBody() throws {
        // given
        let bytes: [UInt8] = [0, 0, 0, 16, 0x80, 0, 0, 0x04, 0, 0, 0, 0x58, 0, 0, 0, 9]
        // when
        let pdu = try SMPPPDU(decoding: bytes)
        // then
        #expect(pdu == SMPPPDU(body: .submitSMResp(messageID: ""), sequence: 9, status: .throttled))
        #expect(pdu.status.isTransient)
        #expect(pdu.status.description == "ESME_RTHROTTLED (0x00000058)")
        #expect(!SMPPStatus.invalidDestinationAddress.isTransient)
    }

    @Test("Text with characters outside ASCII goes as UCS-2, surrogate pairs included")
    func ucs2() throws {
        // given
        let text = "Banjir — Kec. Porong ⚠️ 🚒"
        // when
        let message = SMPPMessage(text: text, from: Self.smsc, to: Self.officer, registeredDelivery: 1)
        let decoded = try Self.roundTrip(SMPPPDU(body: .submitSM(message), sequence: 3))
        // then
        #expect(message.dataCoding == 8)
        #expect(Array(message.shortMessage.prefix(4)) == [0x00, 0x42, 0x00, 0x61])
        guard case .submitSM(let received) = decoded.body else { Issue.record("not a submit_sm"); return }
        #expect(received.text == text)
    }

    @Test(
        "A text longer than one segment travels in message_payload",
        arguments: [(String(repeating: "a", count: 161), 0), (String(repeating: "é", count: 71), 8)]
            as [(String, UInt8)])
    func longText(_ text: String, dataCoding: UInt8) throws {
        // given
        let fits = SMPPMessage(text: String(text.dropLast()), from: Self.smsc, to: Self.officer, registeredDelivery: 1)
        // when
        let long = SMPPMessage(text: text, from: Self.smsc, to: Self.officer, registeredDelivery: 1)
        // then
        #expect(fits.tlvs.isEmpty && !fits.shortMessage.isEmpty)
        #expect(long.shortMessage.isEmpty && long.dataCoding == dataCoding)
        #expect(long.tlv(SMPPTLV.messagePayload) != nil)
        #expect(long.text == text)
    }

    @Test("A delivery receipt is read from its receipted_message_id and message_state parameters")
    func receiptInTLVs() throws {
        // given
        var message = SMPPMessage(source: Self.officer, destination: Self.smsc, esmClass: 0x04)
        message.shortMessage = Array("id:other stat:DELIVRD".utf8)
        message.tlvs = [
            SMPPTLV(tag: SMPPTLV.receiptedMessageID, value: Array("5f2a9c01".utf8) + [0]),
            SMPPTLV(tag: SMPPTLV.messageState, value: [5]),
        ]
        // when
        let pdu = try SMPPPDU(decoding: try Self.deliverSM(message))
        // then
        guard case .deliverSM(let received) = pdu.body else { Issue.record("not a deliver_sm"); return }
        #expect(SMPPReceipt(received) == SMPPReceipt(messageID: "5f2a9c01", state: "UNDELIV", error: nil))
        #expect(SMPPReceipt(received)?.delivery == .failed("UNDELIV"))
    }

    @Test("A delivery receipt without parameters is read from its text")
    func receiptInText() throws {
        // given
        var message = SMPPMessage(source: Self.officer, destination: Self.smsc, esmClass: 0x04)
        let text =
            "id:0123456789 sub:001 dlvrd:001 submit date:2511230914 done date:2511230915 stat:DELIVRD err:000 "
            + "text:Kebakaran id:x"
        message.shortMessage = Array(text.utf8)
        // when
        let pdu = try SMPPPDU(decoding: try Self.deliverSM(message))
        // then
        guard case .deliverSM(let received) = pdu.body else { Issue.record("not a deliver_sm"); return }
        #expect(SMPPReceipt(received) == SMPPReceipt(messageID: "0123456789", state: "DELIVRD", error: "000"))
        #expect(SMPPReceipt(received)?.delivery == .delivered)
    }

    @Test("An intermediate receipt says nothing about delivery yet")
    func intermediateReceipt() {
        // given
        var message = SMPPMessage(source: Self.officer, destination: Self.smsc, esmClass: 0x04)
        message.tlvs = [
            SMPPTLV(tag: SMPPTLV.receiptedMessageID, value: Array("5f2a9c01".utf8)),
            SMPPTLV(tag: SMPPTLV.messageState, value: [1]),
        ]
        // when
        let receipt = SMPPReceipt(message)
        // then
        #expect(receipt?.state == "ENROUTE")
        #expect(receipt?.delivery == nil)
    }

    @Test(
        "Senders are addressed by their kind: a name, a short code, an international number",
        arguments: [
            ("CC112 SDA", SMPPAddress(ton: 5, npi: 0, address: "CC112 SDA")),
            ("1122", SMPPAddress(ton: 0, npi: 0, address: "1122")),
            ("6231112112", SMPPAddress(ton: 1, npi: 1, address: "6231112112")),
        ])
    func senderAddress(_ sender: String, address: SMPPAddress) {
        #expect(SMPPClient.address(of: sender) == address)
    }

    @Test(
        "A handset's number reads as the international digits recipients are stored with",
        arguments: [
            (SMPPAddress(ton: 1, npi: 1, address: "6281234567890"), "6281234567890"),
            (SMPPAddress(ton: 1, npi: 1, address: "+6281234567890"), "6281234567890"),
            (SMPPAddress(ton: 2, npi: 1, address: "081234567890"), "6281234567890"),
            (SMPPAddress(ton: 5, npi: 0, address: "POLRES"), "POLRES"),
        ])
    func replySender(_ address: SMPPAddress, digits: String) {
        #expect(SMPPClient.sender(of: address) == digits)
    }

    @Test("A reply from a handset is a message, not a receipt, and its user data header is not text")
    func mobileOriginated() {
        // given
        var message = SMPPMessage(source: Self.officer, destination: Self.smsc, esmClass: 0x40)
        message.shortMessage = [0x05, 0x00, 0x03, 0x2A, 0x01, 0x01] + Array("TERIMA 4821".utf8)
        // when
        let receipt = SMPPReceipt(message)
        // then
        #expect(receipt == nil)
        #expect(message.isMobileOriginated)
        #expect(message.text == "TERIMA 4821")
    }

    @Test(
        "Malformed PDUs are refused with a typed error",
        arguments: [
            ([0, 0, 0, 15, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1], SMPPPDUError.lengthOutOfRange(15)),
            ([0, 0, 0, 17, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1], .lengthOutOfRange(17)),
            ([0, 0, 0, 16, 0, 0, 0, 0x99, 0, 0, 0, 0, 0, 0, 0, 1], .unknownCommand(0x99)),
            ([0, 0, 0, 8, 0, 0, 0, 0x15], .truncated(.header)),
            ([0, 0, 0, 20, 0x80, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 1, 0x41, 0x42, 0x43, 0x44], .truncated(.messageID)),
            (
                [0, 0, 0, 36, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0, 1] + Array(repeating: 0x41, count: 20),
                .tooLong(.systemID)
            ),
        ] as [([UInt8], SMPPPDUError)])
    func malformed(_ bytes: [UInt8], error: SMPPPDUError) {
        #expect(throws: error) { try SMPPPDU(decoding: bytes) }
    }

    @Test("Corrupted PDUs are decoded or refused, never a crash")
    func corruptedPDUs() throws {
        // given
        var message = SMPPMessage(text: "TERIMA 4821", from: Self.officer, to: Self.smsc, registeredDelivery: 0)
        message.tlvs = [SMPPTLV(tag: SMPPTLV.receiptedMessageID, value: Array("5f2a9c01".utf8) + [0])]
        let valid = try Self.deliverSM(message)
        var random = SplitMix64(seed: 112)
        var refused = 0
        // when
        for _ in 0..<5_000 {
            var bytes = valid
            for _ in 0...random.next(below: 4) {
                bytes[16 + random.next(below: valid.count - 16)] = UInt8(truncatingIfNeeded: random.next(below: 256))
            }
            bytes.removeLast(random.next(below: 3) == 0 ? random.next(below: valid.count - 16) : 0)
            bytes[3] = UInt8(bytes.count)
            do {
                _ = try SMPPPDU(decoding: bytes)
            } catch {
                refused += 1
            }
        }
        // then
        #expect(refused > 0)
    }

    @Test("A deliver_sm whose optional parameter runs past the PDU is refused")
    func truncatedTLV() throws {
        // given
        var message = SMPPMessage(source: Self.officer, destination: Self.smsc)
        message.tlvs = [SMPPTLV(tag: SMPPTLV.messagePayload, value: Array("TERIMA".utf8))]
        var bytes = try Self.deliverSM(message)
        // when
        bytes.removeLast(2)
        bytes[3] -= 2
        // then
        #expect(throws: SMPPPDUError.truncated(.optionalParameter)) { try SMPPPDU(decoding: bytes) }
    }

    @Test("Fields longer than SMPP allows are not encoded")
    func encodingRefusesLongFields() {
        // given
        let bind = SMPPBind(systemID: "siaga", password: "terlalupanjang", systemType: "")
        // when, then
        #expect(throws: SMPPPDUError.tooLong(.password)) {
            try SMPPPDU(body: .bindTransceiver(bind), sequence: 1).encoded()
        }
    }

    @Test("The stream is cut into PDUs whatever the reads' boundaries, and a bad length stops it")
    func framing() throws {
        // given
        let bytes =
            try SMPPPDU(body: .enquireLink, sequence: 1).encoded() + SMPPPDU(body: .unbind, sequence: 2).encoded()
        var frames = SMPPFrameDecoder()
        // when
        frames.append(bytes.prefix(20))
        let first = try frames.next()
        let none = try frames.next()
        frames.append(bytes.dropFirst(20))
        let second = try frames.next()
        frames.append([0xFF, 0xFF, 0xFF, 0xFF])
        // then
        #expect(try SMPPPDU(decoding: try #require(first)) == SMPPPDU(body: .enquireLink, sequence: 1))
        #expect(none == nil)
        #expect(try SMPPPDU(decoding: try #require(second)) == SMPPPDU(body: .unbind, sequence: 2))
        #expect(throws: SMPPPDUError.lengthOutOfRange(0xFFFF_FFFF)) { try frames.next() }
    }
}

/// A small seeded generator, so a corrupted PDU that fails can be found again.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
