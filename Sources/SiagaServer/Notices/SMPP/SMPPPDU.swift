/// One SMPP 3.4 protocol data unit of those Siaga112 exchanges with an operator's SMSC as a transceiver ESME: the
/// header's `sequence_number` and `command_status`, and the body its `command_id` names.
///
/// Decoding never trusts the peer: every length is checked against the frame and every C-octet string against its
/// field's maximum (SMPP 3.4 §5.2), and a PDU that breaks either is a thrown `SMPPPDUError`.
struct SMPPPDU: Sendable, Hashable {
    /// The command and the fields of its body.
    enum Body: Sendable, Hashable {
        case bindTransceiver(SMPPBind)
        /// The SMSC's `system_id`; empty when the bind was refused and the SMSC sent no body.
        case bindTransceiverResp(systemID: String)
        case submitSM(SMPPMessage)
        /// The SMSC's id of the accepted message; empty when it was refused.
        case submitSMResp(messageID: String)
        case deliverSM(SMPPMessage)
        case deliverSMResp
        case enquireLink
        case enquireLinkResp
        case unbind
        case unbindResp
        /// The answer to a PDU the peer could not read; carries only a status.
        case genericNack
    }

    var body: Body
    var sequence: UInt32
    var status: SMPPStatus = .ok

    static let headerLength = 16
    /// Longer PDUs are refused: the largest body this ESME takes is a 64 KiB `message_payload`.
    static let maxLength = 66_560

    /// The four header fields, readable even when the body is not, so that a PDU that cannot be decoded can still
    /// be answered with a `generic_nack` naming its sequence number.
    struct Header: Sendable, Hashable {
        var length: Int
        var commandID: UInt32
        var status: SMPPStatus
        var sequence: UInt32

        init(_ frame: [UInt8]) throws(SMPPPDUError) {
            var reader = SMPPReader(frame)
            length = Int(try reader.u32(.header))
            commandID = try reader.u32(.header)
            status = SMPPStatus(rawValue: try reader.u32(.header))
            sequence = try reader.u32(.header)
            guard (SMPPPDU.headerLength...SMPPPDU.maxLength).contains(length) else {
                throw .lengthOutOfRange(length)
            }
        }
    }
}

/// Why a PDU could not be decoded or encoded.
enum SMPPPDUError: Error, Sendable, Hashable {
    /// A `command_length` under the 16-byte header or over `SMPPPDU.maxLength`, or not the frame's length: the
    /// stream cannot be framed any further.
    case lengthOutOfRange(Int)
    /// The PDU ends inside this field.
    case truncated(SMPPField)
    /// The field has no NUL within its maximum length (decoding) or a longer value (encoding).
    case tooLong(SMPPField)
    /// A command this ESME does not take.
    case unknownCommand(UInt32)
}

/// The fields of a PDU as SMPP 3.4 names them, with the longest C-octet string each holds, NUL included.
enum SMPPField: String, Sendable, Hashable {
    case header
    case systemID = "system_id"
    case password
    case systemType = "system_type"
    case addressRange = "address_range"
    case serviceType = "service_type"
    case sourceAddress = "source_addr"
    case destinationAddress = "destination_addr"
    case scheduleDeliveryTime = "schedule_delivery_time"
    case validityPeriod = "validity_period"
    case messageID = "message_id"
    case shortMessage = "short_message"
    case optionalParameter = "optional parameter"
    case fixed = "fixed-size field"

    var maxLength: Int {
        switch self {
        case .systemID: 16
        case .password: 9
        case .systemType: 13
        case .addressRange: 41
        case .serviceType: 6
        case .sourceAddress, .destinationAddress: 21
        case .scheduleDeliveryTime, .validityPeriod: 17
        case .messageID: 65
        case .shortMessage: 254
        case .header, .optionalParameter, .fixed: 65_535
        }
    }
}

/// The body of `bind_transceiver`.
struct SMPPBind: Sendable, Hashable {
    var systemID: String
    var password: String
    var systemType: String
    /// 0x34 for SMPP 3.4.
    var interfaceVersion: UInt8 = 0x34
    /// The mobile-originated addresses this bind serves; empty for all the SMSC gives it.
    var addressRange = SMPPAddress(ton: 0, npi: 0, address: "")
}

/// An address with its type of number (1 international, 3 network-specific, 5 alphanumeric) and numbering plan
/// (1 E.164).
struct SMPPAddress: Sendable, Hashable {
    var ton: UInt8
    var npi: UInt8
    var address: String
}

/// An optional parameter (TLV) of a PDU.
struct SMPPTLV: Sendable, Hashable {
    var tag: UInt16
    var value: [UInt8]

    static let userMessageReference: UInt16 = 0x0204
    static let receiptedMessageID: UInt16 = 0x001E
    static let messagePayload: UInt16 = 0x0424
    static let messageState: UInt16 = 0x0427
}

/// The body of `submit_sm` and of `deliver_sm`, which share their fields.
struct SMPPMessage: Sendable, Hashable {
    var serviceType = ""
    var source: SMPPAddress
    var destination: SMPPAddress
    /// Bits 2–5 say what a `deliver_sm` is (0 a message, 0x04 a delivery receipt); 0x40 marks a user data header.
    var esmClass: UInt8 = 0
    var protocolID: UInt8 = 0
    var priority: UInt8 = 0
    var scheduleDeliveryTime = ""
    var validityPeriod = ""
    /// 1 asks the SMSC for a delivery receipt whether the message is delivered or fails.
    var registeredDelivery: UInt8 = 0
    var replaceIfPresent: UInt8 = 0
    /// 0 the SMSC's default alphabet, 8 UCS-2; see `SMPPText`.
    var dataCoding: UInt8 = 0
    var defaultMessageID: UInt8 = 0
    var shortMessage: [UInt8] = []
    var tlvs: [SMPPTLV] = []

    /// The value of the first optional parameter with this tag.
    func tlv(_ tag: UInt16) -> [UInt8]? {
        tlvs.first { $0.tag == tag }?.value
    }
}

// MARK: - Encoding

extension SMPPPDU {
    /// The PDU on the wire; throws when a field is longer than SMPP 3.4 allows.
    func encoded() throws(SMPPPDUError) -> [UInt8] {
        var writer = SMPPWriter()
        writer.u32(0)
        writer.u32(body.commandID)
        writer.u32(status.rawValue)
        writer.u32(sequence)
        try body.encode(into: &writer)
        guard writer.bytes.count <= Self.maxLength else { throw .lengthOutOfRange(writer.bytes.count) }
        writer.setLength()
        return writer.bytes
    }
}

extension SMPPPDU.Body {
    var commandID: UInt32 {
        switch self {
        case .genericNack: 0x8000_0000
        case .bindTransceiver: 0x0000_0009
        case .bindTransceiverResp: 0x8000_0009
        case .submitSM: 0x0000_0004
        case .submitSMResp: 0x8000_0004
        case .deliverSM: 0x0000_0005
        case .deliverSMResp: 0x8000_0005
        case .unbind: 0x0000_0006
        case .unbindResp: 0x8000_0006
        case .enquireLink: 0x0000_0015
        case .enquireLinkResp: 0x8000_0015
        }
    }

    fileprivate func encode(into writer: inout SMPPWriter) throws(SMPPPDUError) {
        switch self {
        case .bindTransceiver(let bind):
            try writer.cString(bind.systemID, .systemID)
            try writer.cString(bind.password, .password)
            try writer.cString(bind.systemType, .systemType)
            writer.u8(bind.interfaceVersion)
            try writer.address(bind.addressRange, .addressRange)
        case .bindTransceiverResp(let systemID):
            try writer.cString(systemID, .systemID)
        case .submitSM(let message), .deliverSM(let message):
            try message.encode(into: &writer)
        case .submitSMResp(let messageID):
            try writer.cString(messageID, .messageID)
        case .deliverSMResp:
            try writer.cString("", .messageID)
        case .enquireLink, .enquireLinkResp, .unbind, .unbindResp, .genericNack:
            break
        }
    }
}

extension SMPPMessage {
    fileprivate func encode(into writer: inout SMPPWriter) throws(SMPPPDUError) {
        try writer.cString(serviceType, .serviceType)
        try writer.address(source, .sourceAddress)
        try writer.address(destination, .destinationAddress)
        for byte in [esmClass, protocolID, priority] { writer.u8(byte) }
        try writer.cString(scheduleDeliveryTime, .scheduleDeliveryTime)
        try writer.cString(validityPeriod, .validityPeriod)
        for byte in [registeredDelivery, replaceIfPresent, dataCoding, defaultMessageID] { writer.u8(byte) }
        guard shortMessage.count <= SMPPField.shortMessage.maxLength else { throw .tooLong(.shortMessage) }
        writer.u8(UInt8(shortMessage.count))
        writer.bytes += shortMessage
        for tlv in tlvs {
            guard tlv.value.count <= Int(UInt16.max) else { throw .tooLong(.optionalParameter) }
            writer.u16(tlv.tag)
            writer.u16(UInt16(tlv.value.count))
            writer.bytes += tlv.value
        }
    }
}

// MARK: - Decoding

extension SMPPPDU {
    /// Decodes one whole PDU, as `SMPPFrameDecoder` cuts them from the stream.
    init(decoding frame: [UInt8]) throws(SMPPPDUError) {
        let header = try Header(frame)
        guard header.length == frame.count else { throw .lengthOutOfRange(header.length) }
        var reader = SMPPReader(frame, from: Self.headerLength)
        body = try Body(commandID: header.commandID, reader: &reader)
        sequence = header.sequence
        status = header.status
    }
}

extension SMPPPDU.Body {
    // A response with an error status may come without its body (SMPP 3.4 §4), and bodies may end in optional
    // parameters this ESME has no use for: both are read leniently.
    fileprivate init(commandID: UInt32, reader: inout SMPPReader) throws(SMPPPDUError) {
        switch commandID {
        case 0x8000_0000: self = .genericNack
        case 0x0000_0009: self = .bindTransceiver(try SMPPBind(reader: &reader))
        case 0x8000_0009: self = .bindTransceiverResp(systemID: try reader.cStringIfPresent(.systemID))
        case 0x0000_0004: self = .submitSM(try SMPPMessage(reader: &reader))
        case 0x8000_0004: self = .submitSMResp(messageID: try reader.cStringIfPresent(.messageID))
        case 0x0000_0005: self = .deliverSM(try SMPPMessage(reader: &reader))
        case 0x8000_0005: self = .deliverSMResp
        case 0x0000_0006: self = .unbind
        case 0x8000_0006: self = .unbindResp
        case 0x0000_0015: self = .enquireLink
        case 0x8000_0015: self = .enquireLinkResp
        default: throw .unknownCommand(commandID)
        }
    }
}

extension SMPPBind {
    fileprivate init(reader: inout SMPPReader) throws(SMPPPDUError) {
        systemID = try reader.cString(.systemID)
        password = try reader.cString(.password)
        systemType = try reader.cString(.systemType)
        interfaceVersion = try reader.u8(.fixed)
        addressRange = try reader.address(.addressRange)
    }
}

extension SMPPMessage {
    fileprivate init(reader: inout SMPPReader) throws(SMPPPDUError) {
        serviceType = try reader.cString(.serviceType)
        source = try reader.address(.sourceAddress)
        destination = try reader.address(.destinationAddress)
        esmClass = try reader.u8(.fixed)
        protocolID = try reader.u8(.fixed)
        priority = try reader.u8(.fixed)
        scheduleDeliveryTime = try reader.cString(.scheduleDeliveryTime)
        validityPeriod = try reader.cString(.validityPeriod)
        registeredDelivery = try reader.u8(.fixed)
        replaceIfPresent = try reader.u8(.fixed)
        dataCoding = try reader.u8(.fixed)
        defaultMessageID = try reader.u8(.fixed)
        shortMessage = try reader.bytes(Int(try reader.u8(.shortMessage)), .shortMessage)
        while !reader.isAtEnd {
            let tag = try reader.u16(.optionalParameter)
            let length = try reader.u16(.optionalParameter)
            tlvs.append(SMPPTLV(tag: tag, value: try reader.bytes(Int(length), .optionalParameter)))
        }
    }
}

// MARK: - Bytes

private struct SMPPWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func u32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func cString(_ value: String, _ field: SMPPField) throws(SMPPPDUError) {
        let utf8 = Array(value.utf8)
        guard utf8.count < field.maxLength, !utf8.contains(0) else { throw .tooLong(field) }
        bytes += utf8 + [0]
    }

    mutating func address(_ address: SMPPAddress, _ field: SMPPField) throws(SMPPPDUError) {
        u8(address.ton)
        u8(address.npi)
        try cString(address.address, field)
    }

    mutating func setLength() {
        let length = UInt32(bytes.count)
        for index in 0..<4 { bytes[index] = UInt8((length >> (24 - 8 * UInt32(index))) & 0xFF) }
    }
}

private struct SMPPReader {
    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: [UInt8], from index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func bytes(_ count: Int, _ field: SMPPField) throws(SMPPPDUError) -> [UInt8] {
        guard count <= bytes.count - index else { throw .truncated(field) }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }

    mutating func u8(_ field: SMPPField) throws(SMPPPDUError) -> UInt8 {
        try bytes(1, field)[0]
    }

    mutating func u16(_ field: SMPPField) throws(SMPPPDUError) -> UInt16 {
        try bytes(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func u32(_ field: SMPPField) throws(SMPPPDUError) -> UInt32 {
        try bytes(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func cString(_ field: SMPPField) throws(SMPPPDUError) -> String {
        let end = min(bytes.count, index + field.maxLength)
        guard let nul = bytes[index..<end].firstIndex(of: 0) else {
            throw end == bytes.count && end - index < field.maxLength ? .truncated(field) : .tooLong(field)
        }
        defer { index = nul + 1 }
        return String(decoding: bytes[index..<nul], as: UTF8.self)
    }

    mutating func cStringIfPresent(_ field: SMPPField) throws(SMPPPDUError) -> String {
        isAtEnd ? "" : try cString(field)
    }

    mutating func address(_ field: SMPPField) throws(SMPPPDUError) -> SMPPAddress {
        let ton = try u8(field)
        let npi = try u8(field)
        return SMPPAddress(ton: ton, npi: npi, address: try cString(field))
    }
}
