/// How a text travels in a short message. A text of ASCII characters only goes as data_coding 0, one octet per
/// character; any other as UCS-2 (data_coding 8, UTF-16 big-endian, so characters outside the BMP travel as
/// surrogate pairs, which handsets show).
enum SMPPText {
    static let defaultAlphabet: UInt8 = 0
    static let ucs2: UInt8 = 8

    /// The octets of one segment: 160 default-alphabet characters, or 70 UCS-2 ones. A longer text goes whole in
    /// `message_payload` and the SMSC splits it.
    static func segmentOctets(dataCoding: UInt8) -> Int {
        dataCoding == ucs2 ? 140 : 160
    }

    static func encode(_ text: String) -> (dataCoding: UInt8, octets: [UInt8]) {
        if text.unicodeScalars.allSatisfy(\.isASCII) {
            return (defaultAlphabet, Array(text.utf8))
        }
        return (ucs2, text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// UCS-2 as UTF-16 big-endian (a dangling last octet is dropped); every other coding octet by octet as
    /// ISO 8859-1, which is ASCII for the default alphabet's letters and digits that replies carry.
    static func decode(_ octets: [UInt8], dataCoding: UInt8) -> String {
        guard dataCoding == ucs2 else {
            return String(String.UnicodeScalarView(octets.map { Unicode.Scalar($0) }))
        }
        let units = stride(from: 0, to: octets.count - 1, by: 2).map {
            UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1])
        }
        return String(decoding: units, as: UTF16.self)
    }
}

extension SMPPMessage {
    /// A `submit_sm` body carrying `text`: in `short_message` when it fits one segment, else in `message_payload`.
    init(text: String, from source: SMPPAddress, to destination: SMPPAddress, registeredDelivery: UInt8) {
        self.init(source: source, destination: destination, registeredDelivery: registeredDelivery)
        let (dataCoding, octets) = SMPPText.encode(text)
        self.dataCoding = dataCoding
        if octets.count <= SMPPText.segmentOctets(dataCoding: dataCoding) {
            shortMessage = octets
        } else {
            tlvs = [SMPPTLV(tag: SMPPTLV.messagePayload, value: octets)]
        }
    }

    /// The message's text: `message_payload` when present, else `short_message`, without a user data header.
    var text: String {
        var octets = tlv(SMPPTLV.messagePayload) ?? shortMessage
        if esmClass & 0x40 != 0, let headerLength = octets.first {
            octets.removeFirst(min(octets.count, Int(headerLength) + 1))
        }
        return SMPPText.decode(octets, dataCoding: dataCoding)
    }

    /// A `deliver_sm` that is the SMSC's delivery receipt (esm_class message type 0x04).
    var isDeliveryReceipt: Bool { esmClass & 0x3C == 0x04 }

    /// A `deliver_sm` that is a message a handset sent (esm_class message type 0).
    var isMobileOriginated: Bool { esmClass & 0x3C == 0 }
}
