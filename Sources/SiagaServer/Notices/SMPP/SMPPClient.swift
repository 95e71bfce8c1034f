import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SiagaCore
import Synchronization

/// A receipt or a handset's message from the SMSC, and how to answer it: `settle(true)` once it is recorded,
/// `settle(false)` to have the SMSC deliver it again.
struct SMSInbound: Sendable {
    var feedback: NoticeFeedback
    let settle: @Sendable (_ recorded: Bool) -> Void
}

/// How Siaga112 reaches and binds to the operator's SMSC.
struct SMPPSettings: Sendable, Hashable {
    var host: String
    var port: Int
    /// The account the operator gave: at most 15, 8 and 12 characters.
    var systemID: String
    var password: String
    var systemType: String
    /// Who the SMS come from: an international number (`6281…`), a short code or an alphanumeric sender name.
    var sourceAddress: String
    /// How often the link is tested when the SMSC has not been heard from.
    var enquireLinkInterval: Duration = .seconds(30)
    /// How long a request waits for its response before it counts as lost.
    var responseTimeout: Duration = .seconds(10)
}

/// Siaga112's transceiver bind to the operator's SMSC over SMPP 3.4: connects, binds, answers the SMSC's
/// `enquire_link` and `deliver_sm`, tests the link itself every `enquireLinkInterval`, and reconnects with backoff
/// whenever the connection ends or a response does not come. Submits wait for their `submit_sm_resp` in a table of
/// pending requests that the connection's end empties, so no submit outlives its connection.
///
/// Delivery receipts and handsets' messages come out of `feedback`; each is acknowledged to the SMSC only once it is
/// settled, so one that could not be recorded is refused with a temporary error and the SMSC delivers it again.
final class SMPPClient: Service {
    let settings: SMPPSettings
    let logger: Logger
    /// Delivery receipts and replies, in the order the SMSC sent them; finished when `run` returns.
    let feedback: AsyncStream<SMSInbound>
    private let feedbackSink: AsyncStream<SMSInbound>.Continuation
    private let link = Mutex(SMPPLink())

    static let minBackoff: Duration = .milliseconds(250)
    static let maxBackoff: Duration = .seconds(5)

    init(settings: SMPPSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        (feedback, feedbackSink) = AsyncStream.makeStream()
    }

    func run() async throws {
        defer { feedbackSink.finish() }
        await cancelWhenGracefulShutdown { [self] in
            var backoff = Self.minBackoff
            while !Task.isCancelled {
                do {
                    try await session { backoff = Self.minBackoff }
                    if Task.isCancelled { return }
                    logger.warning(
                        "SMSC closed the connection", metadata: ["smsc": "\(settings.host):\(settings.port)"])
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("SMSC connection failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, Self.maxBackoff)
            }
        }
    }

    /// Sends `text` to `recipient` (international digits) asking for a delivery receipt, and returns the SMSC's
    /// `message_id`, which the receipt names. `reference` is Siaga112's and only logged: SMPP has no field for it.
    func submit(to recipient: String, text: String, reference: String) async throws(NoticeCarrierError) -> String {
        let destination = SMPPAddress(
            ton: 1, npi: 1, address: recipient.hasPrefix("+") ? String(recipient.dropFirst()) : recipient)
        let message = SMPPMessage(
            text: text, from: Self.address(of: settings.sourceAddress), to: destination, registeredDelivery: 1)
        let response = try await request(.submitSM(message)).get()
        guard case .submitSMResp(let messageID) = response.body, response.status == .ok else {
            let reason = "SMSC refused the message: \(response.status)"
            throw response.status.isTransient || response.status == .ok ? .unavailable(reason) : .refused(reason)
        }
        logger.debug("SMSC accepted an SMS", metadata: ["reference": "\(reference)", "message_id": "\(messageID)"])
        return messageID
    }

    /// The sender's type of number: a name is alphanumeric, a short code of up to 8 digits is left to the SMSC,
    /// anything longer is an international number.
    static func address(of sender: String) -> SMPPAddress {
        guard sender.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return SMPPAddress(ton: 5, npi: 0, address: sender)
        }
        return sender.count <= 8
            ? SMPPAddress(ton: 0, npi: 0, address: sender) : SMPPAddress(ton: 1, npi: 1, address: sender)
    }

    /// A handset's number as recipients are stored: international digits. A national number (`0812…`) is
    /// Indonesian, the only network an operator's SMSC here delivers from.
    static func sender(of address: SMPPAddress) -> String {
        guard address.ton != 5 else { return address.address }
        let digits = address.address.filter { $0.isASCII && $0.isNumber }
        return address.ton != 1 && digits.hasPrefix("0") ? "62" + digits.dropFirst() : digits
    }

    // MARK: - Connection

    /// One connection, from connecting until either side closes it or the link stops answering.
    private func session(bound: () -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connectTimeout(TimeAmount(settings.responseTimeout))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { [self] inbound, outbound in
            let (writes, writer) = AsyncStream.makeStream(of: [UInt8].self)
            link.withLock { $0.writer = writer }
            defer { disconnect() }
            try await withThrowingTaskGroup(of: Void.self) { [self] group in
                group.addTask {
                    for await bytes in writes { try await outbound.write(ByteBuffer(bytes: bytes)) }
                }
                group.addTask { try await self.read(inbound) }
                try await bind()
                bound()
                logger.info("bound to the SMSC", metadata: ["smsc": "\(settings.host):\(settings.port)"])
                group.addTask { try await self.keepAlive() }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }

    private func bind() async throws {
        let bind = SMPPBind(systemID: settings.systemID, password: settings.password, systemType: settings.systemType)
        let response = try await request(.bindTransceiver(bind), requiringBind: false).get()
        guard case .bindTransceiverResp = response.body, response.status == .ok else {
            throw SMPPSessionError.bindRefused(response.status)
        }
        link.withLock { $0.bound = true }
    }

    private func keepAlive() async throws {
        while true {
            try await Task.sleep(for: settings.enquireLinkInterval)
            _ = try await request(.enquireLink).get()
        }
    }

    /// Ends the connection's requests: each waiting one fails as unavailable, and later ones until the next bind.
    private func disconnect() {
        let waiting = link.withLock { link in
            link.writer?.finish()
            link.writer = nil
            link.bound = false
            defer { link.waiting = [:] }
            return link.waiting.values
        }
        for waiter in waiting { waiter.resume(returning: .failure(.unavailable("connection to the SMSC closed"))) }
    }

    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws {
        var frames = SMPPFrameDecoder()
        for try await buffer in inbound {
            frames.append(buffer.readableBytesView)
            while let frame = try frames.next() { receive(frame) }
        }
    }
}

/// Why a connection to the SMSC ended.
enum SMPPSessionError: Error {
    case bindRefused(SMPPStatus)
}

/// What submits share with the connection: where to write, whether it is bound, and who waits for which response.
private struct SMPPLink {
    typealias Waiter = CheckedContinuation<Result<SMPPPDU, NoticeCarrierError>, Never>

    var writer: AsyncStream<[UInt8]>.Continuation?
    var bound = false
    var waiting: [UInt32: Waiter] = [:]
    private var lastSequence: UInt32 = 0

    /// Sequence numbers run from 1 to 0x7FFFFFFF and wrap (SMPP 3.4 §5.1.4).
    mutating func nextSequence() -> UInt32 {
        lastSequence = lastSequence >= 0x7FFF_FFFF ? 1 : lastSequence + 1
        return lastSequence
    }
}

// MARK: - Requests and responses

extension SMPPClient {
    /// Sends `body` and waits for its response: unavailable when not connected (or not bound, when `requiringBind`),
    /// when no response comes within `responseTimeout`, or when the connection ends first.
    private func request(
        _ body: SMPPPDU.Body, requiringBind: Bool = true
    ) async -> Result<SMPPPDU, NoticeCarrierError> {
        let sequence = link.withLock { $0.nextSequence() }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends early when the request is answered or its task cancelled: either way nothing waits after.
                try? await Task.sleep(for: self.settings.responseTimeout)
                self.settle(sequence, .failure(.unavailable("no response from the SMSC in time")))
            }
            let result = await withCheckedContinuation { continuation in
                if let refusal = send(body, sequence: sequence, requiringBind: requiringBind, waiting: continuation) {
                    continuation.resume(returning: .failure(refusal))
                }
            }
            group.cancelAll()
            return result
        }
    }

    /// Queues the request for writing with `waiter` registered for its response, or says why it cannot be sent.
    private func send(
        _ body: SMPPPDU.Body, sequence: UInt32, requiringBind: Bool, waiting waiter: SMPPLink.Waiter
    ) -> NoticeCarrierError? {
        let bytes: [UInt8]
        do {
            bytes = try SMPPPDU(body: body, sequence: sequence).encoded()
        } catch {
            return .refused("cannot be sent over SMPP: \(error)")
        }
        return link.withLock { link -> NoticeCarrierError? in
            guard let writer = link.writer, link.bound || !requiringBind else {
                return .unavailable("not bound to the SMSC")
            }
            link.waiting[sequence] = waiter
            writer.yield(bytes)
            return nil
        }
    }

    private func settle(_ sequence: UInt32, _ result: Result<SMPPPDU, NoticeCarrierError>) {
        link.withLock { $0.waiting.removeValue(forKey: sequence) }?.resume(returning: result)
    }

    private func respond(_ body: SMPPPDU.Body, to sequence: UInt32, status: SMPPStatus = .ok) {
        guard let bytes = try? SMPPPDU(body: body, sequence: sequence, status: status).encoded() else { return }
        link.withLock { _ = $0.writer?.yield(bytes) }
    }

    private func receive(_ frame: [UInt8]) {
        do {
            handle(try SMPPPDU(decoding: frame))
        } catch {
            // The frame decoder checked the length, so the header is whole: answer by its sequence number.
            guard let header = try? SMPPPDU.Header(frame) else { return }
            logger.warning("SMSC sent a PDU that cannot be read", metadata: ["error": "\(error)"])
            if header.commandID & 0x8000_0000 != 0 {
                settle(header.sequence, .failure(.unavailable("unreadable response from the SMSC: \(error)")))
            } else {
                let status: SMPPStatus =
                    error == .unknownCommand(header.commandID) ? .invalidCommandID : .invalidCommandLength
                respond(.genericNack, to: header.sequence, status: status)
            }
        }
    }

    private func handle(_ pdu: SMPPPDU) {
        switch pdu.body {
        case .enquireLink:
            respond(.enquireLinkResp, to: pdu.sequence)
        case .deliverSM(let message):
            deliver(message, sequence: pdu.sequence)
        case .unbind:
            link.withLock { $0.bound = false }
            respond(.unbindResp, to: pdu.sequence)
        case .bindTransceiver, .submitSM:
            respond(.genericNack, to: pdu.sequence, status: .invalidCommandID)
        case .bindTransceiverResp, .submitSMResp, .deliverSMResp, .enquireLinkResp, .unbindResp, .genericNack:
            settle(pdu.sequence, .success(pdu))
        }
    }

    private func deliver(_ message: SMPPMessage, sequence: UInt32) {
        // Answered on the connection it came in on: after a reconnect the SMSC delivers it again anyway.
        let writer = link.withLock { $0.writer }
        let settle: @Sendable (Bool) -> Void = { recorded in
            let status: SMPPStatus = recorded ? .ok : .temporaryApplicationError
            guard let bytes = try? SMPPPDU(body: .deliverSMResp, sequence: sequence, status: status).encoded() else {
                return
            }
            writer?.yield(bytes)
        }
        if let receipt = SMPPReceipt(message) {
            guard let delivery = receipt.delivery else { return settle(true) }
            feedbackSink.yield(
                SMSInbound(feedback: .delivery(.sms, providerReference: receipt.messageID, delivery), settle: settle))
        } else if message.isMobileOriginated {
            let sender = NoticeSender(address: Self.sender(of: message.source), name: nil, chat: nil)
            feedbackSink.yield(SMSInbound(feedback: .reply(.sms, text: message.text, from: sender), settle: settle))
        } else {
            settle(true)
            logger.warning(
                "SMSC delivered a message that is neither a reply nor a readable receipt",
                metadata: ["esm_class": "\(message.esmClass)", "text": "\(message.text)"])
        }
    }
}

extension SMPPReceipt {
    /// The notice's delivery as the receipt reports it; nil for a report that is not final (`ENROUTE`, `ACCEPTD`).
    var delivery: NoticeDelivery? {
        switch state {
        case "DELIVRD": .delivered
        case "ENROUTE", "ACCEPTD": nil
        default: .failed(state)
        }
    }
}
