/// A PDU's `command_status`: 0 for success, else the SMSC's reason for refusing the request (SMPP 3.4 §5.1.3).
struct SMPPStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    var rawValue: UInt32

    init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    static let ok = Self(rawValue: 0x0000)
    static let invalidMessageLength = Self(rawValue: 0x0001)
    static let invalidCommandLength = Self(rawValue: 0x0002)
    static let invalidCommandID = Self(rawValue: 0x0003)
    static let incorrectBindStatus = Self(rawValue: 0x0004)
    static let alreadyBound = Self(rawValue: 0x0005)
    static let systemError = Self(rawValue: 0x0008)
    static let invalidSourceAddress = Self(rawValue: 0x000A)
    static let invalidDestinationAddress = Self(rawValue: 0x000B)
    static let bindFailed = Self(rawValue: 0x000D)
    static let invalidPassword = Self(rawValue: 0x000E)
    static let invalidSystemID = Self(rawValue: 0x000F)
    static let messageQueueFull = Self(rawValue: 0x0014)
    static let submitFailed = Self(rawValue: 0x0045)
    static let throttled = Self(rawValue: 0x0058)
    static let temporaryApplicationError = Self(rawValue: 0x0064)
    static let permanentApplicationError = Self(rawValue: 0x0065)
    static let unknownError = Self(rawValue: 0x00FF)

    /// Whether the same request may succeed later: the SMSC is busy, throttling, not ready for this bind or failed
    /// on its side. Every other refusal is about the message itself and is permanent.
    var isTransient: Bool {
        [
            .incorrectBindStatus, .systemError, .messageQueueFull, .submitFailed, .throttled,
            .temporaryApplicationError, .unknownError,
        ].contains(self)
    }

    private static let names: [UInt32: String] = [
        0x00: "ESME_ROK", 0x01: "ESME_RINVMSGLEN", 0x02: "ESME_RINVCMDLEN", 0x03: "ESME_RINVCMDID",
        0x04: "ESME_RINVBNDSTS", 0x05: "ESME_RALYBND", 0x08: "ESME_RSYSERR", 0x0A: "ESME_RINVSRCADR",
        0x0B: "ESME_RINVDSTADR", 0x0D: "ESME_RBINDFAIL", 0x0E: "ESME_RINVPASWD", 0x0F: "ESME_RINVSYSID",
        0x14: "ESME_RMSGQFUL", 0x45: "ESME_RSUBMITFAIL", 0x58: "ESME_RTHROTTLED", 0x64: "ESME_RX_T_APPN",
        0x65: "ESME_RX_P_APPN", 0xFF: "ESME_RUNKNOWNERR",
    ]

    /// `ESME_RTHROTTLED (0x00000058)`, or the hex value alone for a status without a name here.
    var description: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        let code = "0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        return Self.names[rawValue].map { "\($0) (\(code))" } ?? code
    }
}
